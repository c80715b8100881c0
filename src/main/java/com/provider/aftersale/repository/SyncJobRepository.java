package com.provider.aftersale.repository;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
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
            id, order_id, certificate_id, account_id, source, status, attempts, next_attempt_at, locked_until,
            rerun_requested, last_error, last_error_code, last_log_id, created_at, updated_at, finished_at""";

    // Due queued jobs, and running ones whose worker's lease ran out (that replica died or hung).
    private static final String CLAIM = """
            UPDATE after_sale_sync_job SET status = 'RUNNING', attempts = attempts + 1,
                locked_until = now() + $2 * interval '1 millisecond', lease_token = $3, updated_at = now()
            WHERE id IN (
                SELECT id FROM after_sale_sync_job
                WHERE (status = 'QUEUED' AND next_attempt_at <= now())
                   OR (status = 'RUNNING' AND locked_until < now())
                ORDER BY next_attempt_at, id
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;

    private static final String DONE = """
            UPDATE after_sale_sync_job SET
                status = CASE WHEN rerun_requested THEN 'QUEUED' ELSE 'DONE' END,
                attempts = CASE WHEN rerun_requested THEN 0 ELSE attempts END,
                finished_at = CASE WHEN rerun_requested THEN NULL ELSE now() END,
                next_attempt_at = now(), rerun_requested = false, locked_until = NULL, lease_token = NULL,
                updated_at = now()
            WHERE id = $1 AND lease_token = $2 AND status = 'RUNNING'""";

    // $3: give up now (permanent refusal); $4: max attempts; $5: backoff in ms. Right-hand sides see the old row.
    private static final String FAILED = """
            UPDATE after_sale_sync_job SET
                status = CASE WHEN rerun_requested THEN 'QUEUED'
                              WHEN $3 OR attempts >= $4 THEN 'GAVE_UP' ELSE 'QUEUED' END,
                attempts = CASE WHEN rerun_requested THEN 0 ELSE attempts END,
                finished_at = CASE WHEN NOT rerun_requested AND ($3 OR attempts >= $4) THEN now() END,
                next_attempt_at = now() + $5 * interval '1 millisecond',
                rerun_requested = false, locked_until = NULL, lease_token = NULL,
                last_error = $6, last_error_code = $7, last_log_id = $8, updated_at = now()
            WHERE id = $1 AND lease_token = $2 AND status = 'RUNNING'
            RETURNING status""";

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
     * = {@code DOUYIN_ACCOUNT_ID} when the job runs), source (text, what queued it). Returns {@code id}.
     */
    public static String enqueueSql(int first) {
        return "INSERT INTO after_sale_sync_job (order_id, certificate_id, account_id, source) VALUES ($" + first
                + ", nullif($" + (first + 1) + ", ''), nullif($" + (first + 2) + ", ''), $" + (first + 3) + ")"
                + ON_CONFLICT;
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
     * certificate id means the whole order; the account is {@code DOUYIN_ACCOUNT_ID}. Takes no parameters.
     *
     * @param cte                 name of the CTE (or table) to read
     * @param orderIdColumn       its column holding the Douyin order id
     * @param certificateIdColumn its column holding the certificate id, or {@code NULL} for whole orders
     * @param source              what queued the jobs, shown to operators ({@code [a-z0-9-]+})
     */
    public static String enqueueFromCte(String cte, String orderIdColumn, String certificateIdColumn, String source) {
        requireMatch(IDENTIFIER, cte, "cte");
        requireMatch(IDENTIFIER, orderIdColumn, "orderIdColumn");
        if (!"NULL".equals(certificateIdColumn)) {
            requireMatch(IDENTIFIER, certificateIdColumn, "certificateIdColumn");
        }
        requireMatch(SOURCE, source, "source");
        return "INSERT INTO after_sale_sync_job (order_id, certificate_id, account_id, source)"
                + " SELECT DISTINCT ON (k.order_id, coalesce(k.certificate_id, '')) k.order_id, k.certificate_id,"
                + " NULL, '" + source + "'"
                + " FROM (SELECT " + orderIdColumn + "::text AS order_id, nullif(" + certificateIdColumn
                + "::text, '') AS certificate_id FROM " + cte + ") AS k WHERE k.order_id IS NOT NULL"
                + ON_CONFLICT;
    }

    /** Queues a sync (see {@link #enqueueSql}); returns the id of the pending job that covers it. */
    public Uni<Long> enqueue(String orderId, String certificateId, String accountId, String source) {
        return pool.preparedQuery(enqueueSql(1)).execute(Tuple.of(orderId, certificateId, accountId, source))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** A job a worker claimed, with the lease it must show when reporting back. */
    public record Claimed(SyncJob job, UUID leaseToken) {
    }

    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis(), token)).map(rows -> {
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

    /** Records a failed attempt: queued again after {@code backoff}, or GAVE_UP. Returns the new status, if any. */
    public Uni<SyncJobStatus> markFailed(Claimed claimed, boolean giveUp, int maxAttempts, Duration backoff,
                                         String error, Long errorCode, String logId) {
        Tuple tuple = Tuple.tuple().addLong(claimed.job().id()).addUUID(claimed.leaseToken()).addBoolean(giveUp)
                .addInteger(maxAttempts).addLong(backoff.toMillis()).addString(error).addLong(errorCode)
                .addString(logId);
        return pool.preparedQuery(FAILED).execute(tuple).map(rows -> rows.size() == 0 ? null
                : SyncJobStatus.valueOf(rows.iterator().next().getString("status")));
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
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"),
                row.getOffsetDateTime("finished_at"));
    }
}
