package com.provider.aftersale.repository;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.common.metrics.GiveUpReason;
import com.provider.common.repository.Pages;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The durable queue of after-sale detail syncs ({@code after_sale_sync_job}, see V4 for the reasoning).
 * Enqueueing is idempotent per (order_id, certificate_id) while a job for it is pending; a job queued again
 * while it runs is run once more afterwards. Workers claim due jobs under a lease and report back only while
 * the lease is theirs.
 */
@ApplicationScoped
public class SyncJobRepository {

    /** Source of jobs queued by the scenic refund audit notice SPI. */
    public static final String SOURCE_SCENIC_NOTICE = "scenic-refund-audit-notice";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9-]{1,64}");

    // Pending work for the same key: no new row. A queued job is pulled forward, a running one asked to rerun.
    private static final String ON_CONFLICT = "\n" + """
            ON CONFLICT (order_id, (coalesce(certificate_id, ''))) WHERE status IN ('QUEUED', 'RUNNING')
            DO UPDATE SET rerun_requested = after_sale_sync_job.rerun_requested OR after_sale_sync_job.status = 'RUNNING',
                next_attempt_at = CASE WHEN after_sale_sync_job.status = 'QUEUED'
                    THEN least(after_sale_sync_job.next_attempt_at, now()) ELSE after_sale_sync_job.next_attempt_at END,
                updated_at = now()
            RETURNING id""";

    // Claims stay one SQL statement: due queued jobs, and running ones whose worker's lease ran out (that replica
    // died or hung), below the attempt limit; FOR UPDATE SKIP LOCKED lets every replica claim at once without
    // taking the same job or waiting for another's. Attempts are counted here, at claim time, so a claim whose
    // worker dies still counts.
    private static final String CLAIM = """
            UPDATE after_sale_sync_job SET status = 'RUNNING', attempts = attempts + 1,
                locked_until = now() + :leaseMillis * interval '1 millisecond', lease_token = :lease, updated_at = now()
            WHERE id IN (
                SELECT id FROM after_sale_sync_job
                WHERE ((status = 'QUEUED' AND next_attempt_at <= now())
                       OR (status = 'RUNNING' AND locked_until < now()))
                  AND attempts < :maxAttempts
                ORDER BY next_attempt_at, id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    // Claimable jobs that reached the attempt limit and would otherwise wait forever: a RUNNING one whose lease ran
    // out was claimed that many times without any outcome recorded (processing it kills or hangs the worker: a
    // poison job); a due QUEUED one is over a limit that was lowered. Both give up, saying why. One statement with
    // SKIP LOCKED for the same reason as the claim: replicas run it at the same time.
    private static final String GIVE_UP_EXHAUSTED = """
            UPDATE after_sale_sync_job SET status = 'GAVE_UP',
                gave_up_reason = CASE WHEN status = 'RUNNING' THEN 'LEASE_EXPIRED' ELSE 'MAX_ATTEMPTS' END,
                last_error = CASE WHEN status = 'RUNNING'
                    THEN 'claimed ' || attempts || ' times and each lease ran out with no outcome recorded'
                         || ' (the worker died or hung while running it)'
                    ELSE coalesce(last_error || '; ', '') || 'attempt limit ' || cast(:maxAttempts AS int) || ' reached' END,
                finished_at = now(), locked_until = NULL, lease_token = NULL, rerun_requested = false,
                updated_at = now()
            WHERE id IN (
                SELECT id FROM after_sale_sync_job
                WHERE ((status = 'RUNNING' AND locked_until < now()) OR (status = 'QUEUED' AND next_attempt_at <= now()))
                  AND attempts >= cast(:maxAttempts AS int)
                FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    private static final Sort NEWEST_FIRST = Sort.descending("id");
    private static final List<SyncJobStatus> PENDING = List.of(SyncJobStatus.QUEUED, SyncJobStatus.RUNNING);

    private final Pool pool;

    public SyncJobRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * SQL of an {@code INSERT} that queues a sync for one (order, certificate) from bound parameters, for use as
     * a statement or as a data-modifying CTE ({@code WITH job AS (<this>) ...}). Parameters, from {@code $first}:
     * order_id (text, required), certificate_id (text; null or empty = the whole order), account_id (text; null
     * = its app's account-id when the job runs), source (text, what queued it), client_key (text; the app it came
     * through, null = the primary app). Returns {@code id}.
     */
    public static String enqueueSql(int first) {
        return "INSERT INTO after_sale_sync_job (order_id, certificate_id, account_id, source, client_key) VALUES ($"
                + first + ", nullif($" + (first + 1) + ", ''), nullif($" + (first + 2) + ", ''), $" + (first + 3)
                + ", nullif($" + (first + 4) + ", ''))" + ON_CONFLICT;
    }

    /**
     * SQL of a data-modifying CTE body that queues one sync per distinct (order, certificate) among the rows of
     * another CTE of the same statement, so the rows and their jobs commit together or not at all:
     * <pre>
     * WITH applied AS (INSERT INTO scenic_refund_notice ... ON CONFLICT DO NOTHING RETURNING order_id, certificate_id),
     *      jobs AS (" + SyncJobRepository.enqueueFromCte("applied", "order_id", "certificate_id",
     *                                                    SyncJobRepository.SOURCE_SCENIC_NOTICE) + ")
     * SELECT ...
     * </pre>
     * A redelivered notice that inserts nothing queues nothing. Rows with a null order id are skipped; an empty
     * certificate id means the whole order; the app is the one of {@code clientKeyColumn} (the app the rows came
     * in through), and the account that app's account-id. Takes no parameters.
     *
     * @param cte                 name of the CTE (or table) to read
     * @param orderIdColumn       its column holding the Douyin order id
     * @param certificateIdColumn its column holding the certificate id, or {@code NULL} for whole orders
     * @param clientKeyColumn     its column holding the client_key of the app, or {@code NULL} for the primary app
     * @param source              what queued the jobs, shown to operators ({@code [a-z0-9-]+})
     */
    public static String enqueueFromCte(String cte, String orderIdColumn, String certificateIdColumn,
                                        String clientKeyColumn, String source) {
        requireMatch(IDENTIFIER, cte, "cte");
        requireMatch(IDENTIFIER, orderIdColumn, "orderIdColumn");
        for (String optional : new String[] {certificateIdColumn, clientKeyColumn}) {
            if (!"NULL".equals(optional)) {
                requireMatch(IDENTIFIER, optional, "column");
            }
        }
        requireMatch(SOURCE, source, "source");
        return "INSERT INTO after_sale_sync_job (order_id, certificate_id, account_id, source, client_key)"
                + " SELECT DISTINCT ON (k.order_id, coalesce(k.certificate_id, '')) k.order_id, k.certificate_id,"
                + " NULL, '" + source + "', k.client_key"
                + " FROM (SELECT " + orderIdColumn + "::text AS order_id, nullif(" + certificateIdColumn
                + "::text, '') AS certificate_id, " + clientKeyColumn + "::text AS client_key FROM " + cte
                + ") AS k WHERE k.order_id IS NOT NULL"
                + ON_CONFLICT;
    }

    /** {@link #enqueueFromCte(String, String, String, String, String)} for rows of the primary app. */
    public static String enqueueFromCte(String cte, String orderIdColumn, String certificateIdColumn, String source) {
        return enqueueFromCte(cte, orderIdColumn, certificateIdColumn, "NULL", source);
    }

    /** Queues a sync of the primary app (see {@link #enqueueSql}); returns the id of the pending job covering it. */
    public Uni<Long> enqueue(String orderId, String certificateId, String accountId, String source) {
        return enqueue(orderId, certificateId, accountId, source, null);
    }

    /** Queues a sync through the app of {@code clientKey}; returns the id of the pending job that covers it. */
    public Uni<Long> enqueue(String orderId, String certificateId, String accountId, String source,
                             String clientKey) {
        return pool.preparedQuery(enqueueSql(1))
                .execute(Tuple.of(orderId, certificateId, accountId, source, clientKey))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * Claims up to {@code limit} due jobs below {@code maxAttempts}, counting this attempt. Each claimed job holds
     * its lease ({@link SyncJob#leaseToken}) until {@code lease} from now.
     */
    @WithTransaction
    public Uni<List<SyncJob>> claim(int limit, Duration lease, int maxAttempts) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM, SyncJob.class)
                .setParameter("leaseMillis", lease.toMillis()).setParameter("lease", UUID.randomUUID())
                .setParameter("maxAttempts", maxAttempts).setParameter("limit", limit)
                .getResultList());
    }

    /** Gives up claimable jobs at the attempt limit (poison jobs among them), saying why; returns them. */
    @WithTransaction
    public Uni<List<SyncJob>> giveUpExhausted(int maxAttempts) {
        return Panache.getSession().chain(session -> session.createNativeQuery(GIVE_UP_EXHAUSTED, SyncJob.class)
                .setParameter("maxAttempts", maxAttempts).getResultList());
    }

    /**
     * Marks the job done (or queued again at once, if it was asked to rerun). False when {@code claimed}'s lease
     * was lost (another worker took the job over).
     */
    @WithTransaction
    public Uni<Boolean> markDone(SyncJob claimed) {
        return leased(claimed).map(job -> {
            job.ifPresent(SyncJob::succeeded);
            return job.isPresent();
        });
    }

    /** Where a job stands after a failed attempt was recorded. */
    public record AfterFailure(SyncJobStatus status, GiveUpReason reason) {
    }

    /**
     * Records a failed attempt ({@link SyncJob#failed}). Empty when {@code claimed}'s lease was lost (another worker
     * has the job).
     */
    @WithTransaction
    public Uni<Optional<AfterFailure>> markFailed(SyncJob claimed, GiveUpReason giveUpNow, int maxAttempts,
                                                  Duration backoff, GiveUpReason whenExhausted, String error,
                                                  Long errorCode, String logId) {
        return leased(claimed).map(leased -> leased.map(job -> {
            job.failed(giveUpNow, maxAttempts, backoff, whenExhausted, error, errorCode, logId);
            return new AfterFailure(job.status, job.gaveUpReason == null ? null : GiveUpReason.valueOf(job.gaveUpReason));
        }));
    }

    /** The job {@code claimed}, locked, while the lease of that claim is still its own. */
    private static Uni<Optional<SyncJob>> leased(SyncJob claimed) {
        return SyncJob.<SyncJob>findById(claimed.id, LockModeType.PESSIMISTIC_WRITE)
                .map(job -> Optional.ofNullable(job).filter(j -> j.isLeasedTo(claimed.leaseToken)));
    }

    /**
     * What {@link #requeue} found: the job queued again, or why not: no such job ({@code job} null), a job that is not
     * GAVE_UP, or another pending job for the same order and certificate ({@code coveringJobId}).
     */
    public record RequeueOutcome(SyncJob job, boolean requeued, Long coveringJobId) {
    }

    /** Puts a GAVE_UP job back in the queue with fresh attempts, recording who did it. */
    @WithTransaction
    public Uni<RequeueOutcome> requeue(long id, String operator) {
        return SyncJob.<SyncJob>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
            if (job == null || job.status != SyncJobStatus.GAVE_UP) {
                return Uni.createFrom().item(new RequeueOutcome(job, false, null));
            }
            // the pending-work index allows one pending job per order and certificate
            return SyncJob.<SyncJob>find("orderId = ?1 and coalesce(certificateId, '') = ?2 and status in ?3",
                            job.orderId, job.certificateId == null ? "" : job.certificateId, PENDING)
                    .firstResult()
                    .map(covering -> {
                        if (covering != null) {
                            return new RequeueOutcome(job, false, covering.id);
                        }
                        job.requeue(operator);
                        return new RequeueOutcome(job, true, null);
                    });
        });
    }

    @WithSession
    public Uni<Optional<SyncJob>> find(long id) {
        return SyncJob.<SyncJob>findById(id).map(Optional::ofNullable);
    }

    /** A page of jobs, newest first; each filter is added only when given, so the query uses its index. */
    @WithSession
    public Uni<PageResult<SyncJob>> list(SyncJobStatus status, String orderId, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (status != null) {
            conditions.add("status = :status");
            parameters = parameters.and("status", status);
        }
        if (orderId != null) {
            conditions.add("orderId = :orderId");
            parameters = parameters.and("orderId", orderId);
        }
        PanacheQuery<SyncJob> query = conditions.isEmpty() ? SyncJob.findAll(NEWEST_FIRST)
                : SyncJob.find(String.join(" and ", conditions), NEWEST_FIRST, parameters);
        return Pages.read(query, page);
    }

    private static void requireMatch(Pattern pattern, String value, String name) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must match " + pattern.pattern() + ": " + value);
        }
    }
}
