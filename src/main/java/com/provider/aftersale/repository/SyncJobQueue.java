package com.provider.aftersale.repository;

import com.provider.aftersale.model.SyncJobStatus;
import com.provider.common.metrics.GiveUpReason;
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

/**
 * The durable queue of after-sale detail syncs ({@code after_sale_sync_job}, see V4), as its workers drive it on
 * every replica. SQL, not entities: queueing is idempotent by the database (one pending job per order and
 * certificate, ON CONFLICT on the pending-work index); a claim takes due jobs with {@code FOR UPDATE SKIP LOCKED}
 * (replicas never wait for each other's rows); an outcome is written only while the lease is still the caller's;
 * each move is one statement, and its times come from the database's clock, the one every replica compares with.
 * Operators read and requeue jobs through the entity ({@link com.provider.aftersale.service.SyncJobService}).
 */
@ApplicationScoped
public class SyncJobQueue {

    // Pending work for the same order and certificate adds no row: a queued job is pulled forward, a running one
    // asked to run once more afterwards (the running query may have been answered before the change that queued it).
    private static final String ENQUEUE = """
            INSERT INTO after_sale_sync_job (order_id, certificate_id, account_id, source, client_key)
            VALUES ($1, nullif($2, ''), nullif($3, ''), $4, nullif($5, ''))
            ON CONFLICT (order_id, (coalesce(certificate_id, ''))) WHERE status IN ('QUEUED', 'RUNNING')
            DO UPDATE SET rerun_requested = after_sale_sync_job.rerun_requested OR after_sale_sync_job.status = 'RUNNING',
                next_attempt_at = CASE WHEN after_sale_sync_job.status = 'QUEUED'
                    THEN least(after_sale_sync_job.next_attempt_at, now()) ELSE after_sale_sync_job.next_attempt_at END,
                updated_at = now()
            RETURNING id""";

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
            RETURNING id, order_id, certificate_id, client_key, account_id, attempts""";

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

    // Done, or queued again at once with fresh attempts if it was asked to rerun; only under the caller's lease.
    private static final String DONE = """
            UPDATE after_sale_sync_job SET
                status = CASE WHEN rerun_requested THEN 'QUEUED' ELSE 'DONE' END,
                attempts = CASE WHEN rerun_requested THEN 0 ELSE attempts END,
                finished_at = CASE WHEN rerun_requested THEN NULL ELSE now() END,
                next_attempt_at = now(), rerun_requested = false, locked_until = NULL, lease_token = NULL,
                updated_at = now()
            WHERE id = $1 AND lease_token = $2 AND status = 'RUNNING'""";

    // $3: the reason to give up now (a permanent refusal), or null; $4: max attempts; $5: backoff in ms;
    // $9: the reason if the attempt limit is reached. Right-hand sides see the old row. Only under the caller's lease.
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

    private final Pool pool;

    public SyncJobQueue(Pool pool) {
        this.pool = pool;
    }

    /**
     * Queues a sync of {@code orderId} ({@code certificateId} null or empty: the whole order) through the app of
     * {@code clientKey} (null: the primary app), for {@code accountId} (null: that app's account-id when it runs);
     * returns the id of the pending job that covers it.
     */
    public Uni<Long> enqueue(String orderId, String certificateId, String accountId, String source,
                             String clientKey) {
        return pool.preparedQuery(ENQUEUE).execute(Tuple.of(orderId, certificateId, accountId, source, clientKey))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** {@link #enqueue(String, String, String, String, String)} through the primary app. */
    public Uni<Long> enqueue(String orderId, String certificateId, String accountId, String source) {
        return enqueue(orderId, certificateId, accountId, source, null);
    }

    /**
     * A job a worker claimed, with the lease it must show when reporting back.
     *
     * @param attempts its claims so far, this one included
     */
    public record Claimed(long id, String orderId, String certificateId, String clientKey, String accountId,
                          int attempts, UUID leaseToken) {
    }

    /** Claims up to {@code limit} due jobs below {@code maxAttempts}, counting this attempt. */
    public Uni<List<Claimed>> claim(int limit, Duration lease, int maxAttempts) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis(), token, maxAttempts)).map(rows -> {
            List<Claimed> claimed = new ArrayList<>(rows.size());
            for (Row row : rows) {
                claimed.add(new Claimed(row.getLong("id"), row.getString("order_id"), row.getString("certificate_id"),
                        row.getString("client_key"), row.getString("account_id"), row.getInteger("attempts"), token));
            }
            return claimed;
        });
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

    /** Marks the job done (or queued again at once, if it was asked to rerun). False when the lease was lost. */
    public Uni<Boolean> markDone(Claimed claimed) {
        return pool.preparedQuery(DONE).execute(Tuple.of(claimed.id(), claimed.leaseToken()))
                .map(rows -> rows.rowCount() > 0);
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
        Tuple tuple = Tuple.tuple().addLong(claimed.id()).addUUID(claimed.leaseToken())
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
}
