package com.provider.aftersale.repository;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.common.metrics.GiveUpReason;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

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

    private static final String COLUMNS = """
            id, order_id, certificate_id, client_key, account_id, source, status, attempts, next_attempt_at,
            locked_until, rerun_requested, last_error, last_error_code, last_log_id, gave_up_reason, requeued_by,
            requeued_at, created_at, updated_at, finished_at""";

    // Due queued jobs, and running ones whose worker's lease ran out (that replica died or hung), below the
    // attempt limit ($4). Attempts are counted here, at claim time, so a claim whose worker dies still counts.
    private static final String CLAIM = """
            UPDATE after_sale_sync_job SET status = 'RUNNING', attempts = attempts + 1,
                locked_until = now() + $2 * interval '1 millisecond', lease_token = $3, updated_at = now()
            WHERE id IN (
                SELECT id FROM after_sale_sync_job
                WHERE ((status = 'QUEUED' AND next_attempt_at <= now())
                       OR (status = 'RUNNING' AND locked_until < now()))
                  AND attempts < $4
                ORDER BY next_attempt_at, id
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;

    // Claimable jobs that reached the attempt limit ($1) and would otherwise wait forever: a RUNNING one whose
    // lease ran out was claimed that many times without any outcome recorded (processing it kills or hangs the
    // worker: a poison job); a due QUEUED one is over a limit that was lowered. Both give up, saying why.
    private static final String GIVE_UP_EXHAUSTED = """
            UPDATE after_sale_sync_job SET status = 'GAVE_UP',
                gave_up_reason = CASE WHEN status = 'RUNNING' THEN 'LEASE_EXPIRED' ELSE 'MAX_ATTEMPTS' END,
                last_error = CASE WHEN status = 'RUNNING'
                    THEN 'claimed ' || attempts || ' times and each lease ran out with no outcome recorded'
                         || ' (the worker died or hung while running it)'
                    ELSE coalesce(last_error || '; ', '') || 'attempt limit ' || $1::int || ' reached' END,
                finished_at = now(), locked_until = NULL, lease_token = NULL, rerun_requested = false,
                updated_at = now()
            WHERE id IN (
                SELECT id FROM after_sale_sync_job
                WHERE ((status = 'RUNNING' AND locked_until < now()) OR (status = 'QUEUED' AND next_attempt_at <= now()))
                  AND attempts >= $1::int
                FOR UPDATE SKIP LOCKED)
            RETURNING id, order_id, attempts, gave_up_reason, last_error""";

    private static final String DONE = """
            UPDATE after_sale_sync_job SET
                status = CASE WHEN rerun_requested THEN 'QUEUED' ELSE 'DONE' END,
                attempts = CASE WHEN rerun_requested THEN 0 ELSE attempts END,
                finished_at = CASE WHEN rerun_requested THEN NULL ELSE now() END,
                next_attempt_at = now(), rerun_requested = false, locked_until = NULL, lease_token = NULL,
                updated_at = now()
            WHERE id = $1 AND lease_token = $2 AND status = 'RUNNING'""";

    // $3: the reason to give up now (a permanent refusal), or null; $4: max attempts; $5: backoff in ms;
    // $9: the reason if the attempt limit is reached. Right-hand sides see the old row.
    private static final String FAILED = """
            UPDATE after_sale_sync_job SET
                status = CASE WHEN rerun_requested THEN 'QUEUED'
                              WHEN $3::text IS NOT NULL OR attempts >= $4 THEN 'GAVE_UP' ELSE 'QUEUED' END,
                gave_up_reason = CASE WHEN rerun_requested THEN NULL WHEN $3::text IS NOT NULL THEN $3
                                      WHEN attempts >= $4 THEN $9 END,
                attempts = CASE WHEN rerun_requested THEN 0 ELSE attempts END,
                finished_at = CASE WHEN NOT rerun_requested AND ($3::text IS NOT NULL OR attempts >= $4) THEN now() END,
                next_attempt_at = now() + $5 * interval '1 millisecond',
                rerun_requested = false, locked_until = NULL, lease_token = NULL,
                last_error = $6, last_error_code = $7, last_log_id = $8, updated_at = now()
            WHERE id = $1 AND lease_token = $2 AND status = 'RUNNING'
            RETURNING status, gave_up_reason""";

    // A GAVE_UP job back in the queue with fresh attempts, unless another pending job already covers its order and
    // certificate (the pending-work index allows one). Reports what it found, for 404 and 409.
    private static final String REQUEUE = """
            WITH target AS (
                SELECT id, status, order_id, coalesce(certificate_id, '') AS certificate FROM after_sale_sync_job
                WHERE id = $1
            ), covering AS (
                SELECT p.id FROM after_sale_sync_job p JOIN target t
                    ON p.order_id = t.order_id AND coalesce(p.certificate_id, '') = t.certificate
                WHERE p.status IN ('QUEUED', 'RUNNING') AND p.id <> t.id
                LIMIT 1
            ), requeued AS (
                UPDATE after_sale_sync_job SET status = 'QUEUED', attempts = 0, next_attempt_at = now(),
                    gave_up_reason = NULL, finished_at = NULL, rerun_requested = false, requeued_by = $2,
                    requeued_at = now(), updated_at = now()
                WHERE id = $1 AND status = 'GAVE_UP' AND NOT EXISTS (SELECT 1 FROM covering)
                RETURNING id
            )
            SELECT (SELECT count(*) FROM requeued) AS requeued, (SELECT status FROM target) AS status_before,
                   (SELECT id FROM covering) AS covering_id""";

    private static final String FIND = "SELECT " + COLUMNS + " FROM after_sale_sync_job WHERE id = $1";

    private static final String LIST = "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM after_sale_sync_job"
            + " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR order_id = $2)"
            + " ORDER BY id DESC LIMIT $3 OFFSET $4";

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

    /** A job a worker claimed, with the lease it must show when reporting back. */
    public record Claimed(SyncJob job, UUID leaseToken) {
    }

    /** Claims up to {@code limit} due jobs below {@code maxAttempts}, counting this attempt. */
    public Uni<List<Claimed>> claim(int limit, Duration lease, int maxAttempts) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis(), token, maxAttempts)).map(rows -> {
            List<Claimed> claimed = new ArrayList<>(rows.size());
            for (Row row : rows) {
                claimed.add(new Claimed(toJob(row), token));
            }
            return claimed;
        });
    }

    /** Marks the job done (or queued again at once, if it was asked to rerun). False when the lease was lost. */
    public Uni<Boolean> markDone(Claimed claimed) {
        return pool.preparedQuery(DONE).execute(Tuple.of(claimed.job().id(), claimed.leaseToken()))
                .map(rows -> rows.rowCount() > 0);
    }

    /** A job given up by {@link #giveUpExhausted}. */
    public record GivenUp(long id, String orderId, int attempts, GiveUpReason reason, String error) {
    }

    /** Gives up claimable jobs at the attempt limit (poison jobs among them), saying why; returns them. */
    public Uni<List<GivenUp>> giveUpExhausted(int maxAttempts) {
        return pool.preparedQuery(GIVE_UP_EXHAUSTED).execute(Tuple.of(maxAttempts)).map(rows -> {
            List<GivenUp> given = new ArrayList<>(rows.size());
            for (Row row : rows) {
                given.add(new GivenUp(row.getLong("id"), row.getString("order_id"), row.getInteger("attempts"),
                        GiveUpReason.valueOf(row.getString("gave_up_reason")), row.getString("last_error")));
            }
            return given;
        });
    }

    /** Where a job stands after a failed attempt was recorded. */
    public record AfterFailure(SyncJobStatus status, GiveUpReason reason) {
    }

    /**
     * Records a failed attempt: GAVE_UP with {@code giveUpNow} (a permanent refusal), or with {@code whenExhausted}
     * once the attempt limit is reached; otherwise queued again after {@code backoff}. Empty when the lease was
     * lost (another worker has the job).
     */
    public Uni<Optional<AfterFailure>> markFailed(Claimed claimed, GiveUpReason giveUpNow, int maxAttempts,
                                                  Duration backoff, GiveUpReason whenExhausted, String error,
                                                  Long errorCode, String logId) {
        Tuple tuple = Tuple.tuple().addLong(claimed.job().id()).addUUID(claimed.leaseToken())
                .addString(giveUpNow == null ? null : giveUpNow.name()).addInteger(maxAttempts)
                .addLong(backoff.toMillis()).addString(error).addLong(errorCode).addString(logId)
                .addString(whenExhausted.name());
        return pool.preparedQuery(FAILED).execute(tuple).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            String reason = row.getString("gave_up_reason");
            return Optional.of(new AfterFailure(SyncJobStatus.valueOf(row.getString("status")),
                    reason == null ? null : GiveUpReason.valueOf(reason)));
        });
    }

    /** What {@link #requeue} found: requeued, or the status it had (null: no such job) and a covering job. */
    public record RequeueOutcome(boolean requeued, SyncJobStatus statusBefore, Long coveringJobId) {
    }

    /** Puts a GAVE_UP job back in the queue with fresh attempts, recording who did it. */
    public Uni<RequeueOutcome> requeue(long id, String operator) {
        return pool.preparedQuery(REQUEUE).execute(Tuple.of(id, operator)).map(rows -> {
            Row row = rows.iterator().next();
            String before = row.getString("status_before");
            return new RequeueOutcome(row.getLong("requeued") > 0,
                    before == null ? null : SyncJobStatus.valueOf(before), row.getLong("covering_id"));
        });
    }

    public Uni<Optional<SyncJob>> find(long id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? Optional.empty()
                : Optional.of(toJob(rows.iterator().next())));
    }

    public Uni<PageResult<SyncJob>> list(SyncJobStatus status, String orderId, PageRequest page) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.tuple().addString(status == null ? null : status.name()).addString(orderId)
                        .addInteger(page.size()).addLong(page.offset()))
                .map(rows -> {
                    List<SyncJob> items = new ArrayList<>(rows.size());
                    long total = 0;
                    for (Row row : rows) {
                        total = row.getLong("total");
                        items.add(toJob(row));
                    }
                    return new PageResult<>(items, page.page(), page.size(), total);
                });
    }

    private static void requireMatch(Pattern pattern, String value, String name) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must match " + pattern.pattern() + ": " + value);
        }
    }

    private static SyncJob toJob(Row row) {
        return new SyncJob(
                row.getLong("id"),
                row.getString("order_id"),
                row.getString("certificate_id"),
                row.getString("client_key"),
                row.getString("account_id"),
                row.getString("source"),
                SyncJobStatus.valueOf(row.getString("status")),
                row.getInteger("attempts"),
                row.getOffsetDateTime("next_attempt_at"),
                row.getOffsetDateTime("locked_until"),
                row.getBoolean("rerun_requested"),
                row.getString("last_error"),
                row.getLong("last_error_code"),
                row.getString("last_log_id"),
                row.getString("gave_up_reason"),
                row.getString("requeued_by"),
                row.getOffsetDateTime("requeued_at"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"),
                row.getOffsetDateTime("finished_at"));
    }
}
