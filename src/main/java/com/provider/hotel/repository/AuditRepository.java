package com.provider.hotel.repository;

import com.provider.common.metrics.GiveUpReason;
import com.provider.hotel.model.AttemptOutcome;
import com.provider.hotel.model.AuditDecision;
import com.provider.hotel.model.Cancellation;
import com.provider.hotel.model.CancellationStatus;
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
 * Decisions on PENDING_AUDIT cancellations and their outbox towards Douyin. Every move is one statement:
 * the status change, the decision (outbox row) and the history event commit together, and the
 * {@code WHERE status = 'PENDING_AUDIT'} guard lets exactly one of several concurrent decisions win.
 */
@ApplicationScoped
public class AuditRepository {

    private static final String DECIDE = """
            WITH moved AS (
                UPDATE hotel_cancellation SET status = $2, updated_at = now()
                WHERE cancel_id = $1 AND status = 'PENDING_AUDIT'
                RETURNING cancel_id, order_id, cancel_type
            ), decision AS (
                INSERT INTO hotel_cancel_audit (cancel_id, order_id, cancel_type, cancel_result, reason, decided_by)
                SELECT cancel_id, order_id, cancel_type, $3, $4, $5 FROM moved
                RETURNING cancel_id
            ), event AS (
                INSERT INTO hotel_cancellation_event (cancel_id, status, actor, note)
                SELECT cancel_id, $2, $5, $4 FROM moved
            )
            SELECT (SELECT count(*) FROM decision) AS decided,
                   (SELECT status FROM hotel_cancellation WHERE cancel_id = $1) AS status_before""";

    private static final String DECIDE_OVERDUE = """
            WITH moved AS (
                UPDATE hotel_cancellation SET status = $1, updated_at = now()
                WHERE cancel_id IN (
                    SELECT cancel_id FROM hotel_cancellation
                    WHERE status = 'PENDING_AUDIT' AND received_at < now() - ($2 * interval '1 millisecond')
                    ORDER BY received_at LIMIT $6 FOR UPDATE SKIP LOCKED)
                  AND status = 'PENDING_AUDIT'
                RETURNING cancel_id, order_id, cancel_type
            ), decision AS (
                INSERT INTO hotel_cancel_audit (cancel_id, order_id, cancel_type, cancel_result, reason, decided_by)
                SELECT cancel_id, order_id, cancel_type, $3, $4, $5 FROM moved
                ON CONFLICT (cancel_id) DO NOTHING
            ), event AS (
                INSERT INTO hotel_cancellation_event (cancel_id, status, actor, note)
                SELECT cancel_id, $1, $5, 'deadline passed without a decision' FROM moved
            )
            SELECT cancel_id FROM moved""";

    // Below the attempt limit ($2) only; the attempt is counted here, at claim time, so a claim whose worker dies
    // still counts. The client_key is the app the cancellation came in through: the decision goes back through it.
    private static final String CLAIM_NEXT = """
            UPDATE hotel_cancel_audit
            SET locked_until = now() + ($1 * interval '1 millisecond'), attempts = attempts + 1,
                lease_token = gen_random_uuid()
            WHERE cancel_id = (
                SELECT cancel_id FROM hotel_cancel_audit
                WHERE delivery_status = 'PENDING' AND next_attempt_at <= now()
                  AND (locked_until IS NULL OR locked_until < now()) AND attempts < $2
                ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING cancel_id, order_id, cancel_type, cancel_result, reason, attempts, lease_token,
                (SELECT client_key FROM hotel_cancellation c WHERE c.cancel_id = hotel_cancel_audit.cancel_id)
                    AS client_key""";

    // Pending decisions at the attempt limit ($1) that no worker holds: one whose lease ran out was claimed that
    // many times and never got an outcome recorded (sending it kills or hangs the worker: a poison decision), one
    // without a lease is over a limit that was lowered. Both stop FAILED, saying why, in the row and the history.
    private static final String FAIL_EXHAUSTED = """
            WITH failed AS (
                UPDATE hotel_cancel_audit
                SET delivery_status = 'FAILED',
                    failure_reason = CASE WHEN locked_until IS NOT NULL THEN 'LEASE_EXPIRED' ELSE 'MAX_ATTEMPTS' END,
                    last_attempt_outcome = CASE WHEN locked_until IS NOT NULL THEN 'UNKNOWN'
                                                ELSE last_attempt_outcome END,
                    last_error = CASE WHEN locked_until IS NOT NULL
                        THEN 'claimed ' || attempts || ' times and each lease ran out with no outcome recorded (the '
                             || 'worker died or hung while sending it); Douyin may have applied it: check the order'
                        ELSE coalesce(last_error || '; ', '') || 'attempt limit ' || $1::int || ' reached' END,
                    locked_until = NULL, lease_token = NULL
                WHERE cancel_id IN (
                    SELECT cancel_id FROM hotel_cancel_audit
                    WHERE delivery_status = 'PENDING' AND attempts >= $1::int
                      AND (locked_until IS NULL OR locked_until < now())
                    FOR UPDATE SKIP LOCKED)
                RETURNING cancel_id, attempts, failure_reason, last_error
            ), event AS (
                INSERT INTO hotel_cancellation_event (cancel_id, status, actor, note)
                SELECT cancel_id, 'DELIVERY_FAILED', 'outbox', last_error FROM failed
            )
            SELECT cancel_id, attempts, failure_reason, last_error FROM failed""";

    // Not guarded by the lease: once Douyin accepted, the decision must never be sent again, whoever records it.
    private static final String MARK_SENT = """
            WITH sent AS (
                UPDATE hotel_cancel_audit
                SET delivery_status = 'SENT', sent_at = now(), platform_log_id = $2, locked_until = NULL,
                    lease_token = NULL, last_error = NULL, last_attempt_outcome = $4, delivery_note = $5
                WHERE cancel_id = $1 AND delivery_status = 'PENDING'
                RETURNING cancel_id
            ), moved AS (
                UPDATE hotel_cancellation SET status = 'AUDIT_SENT', updated_at = now()
                WHERE cancel_id IN (SELECT cancel_id FROM sent)
            ), event AS (
                INSERT INTO hotel_cancellation_event (cancel_id, status, actor, note)
                SELECT cancel_id, 'AUDIT_SENT', 'douyin', $3 FROM sent
            )
            SELECT count(*) AS sent FROM sent""";

    // An attempt whose outcome is unknown also goes into the history: a later refusal may only mean it was applied.
    private static final String MARK_RETRY = """
            WITH retry AS (
                UPDATE hotel_cancel_audit
                SET locked_until = NULL, lease_token = NULL, last_error = $2, platform_log_id = $3,
                    next_attempt_at = now() + ($4 * interval '1 millisecond'), last_attempt_outcome = $6
                WHERE cancel_id = $1 AND delivery_status = 'PENDING' AND lease_token = $5
                RETURNING cancel_id, attempts
            )
            INSERT INTO hotel_cancellation_event (cancel_id, status, actor, note)
            SELECT cancel_id, 'DELIVERY_UNKNOWN', 'douyin', 'attempt ' || attempts || ': ' || $2
                || '; Douyin may have applied it, the next attempt sends it again'
            FROM retry WHERE $6 = 'UNKNOWN'""";

    private static final String MARK_FAILED = """
            WITH failed AS (
                UPDATE hotel_cancel_audit
                SET delivery_status = 'FAILED', locked_until = NULL, lease_token = NULL, last_error = $2,
                    platform_log_id = $3, failure_reason = $5, last_attempt_outcome = $6
                WHERE cancel_id = $1 AND delivery_status = 'PENDING' AND lease_token = $4
                RETURNING cancel_id
            ), event AS (
                INSERT INTO hotel_cancellation_event (cancel_id, status, actor, note)
                SELECT cancel_id, 'DELIVERY_FAILED', 'douyin', $2 FROM failed
            )
            SELECT count(*) AS failed FROM failed""";

    private static final String REDELIVER = """
            WITH again AS (
                UPDATE hotel_cancel_audit
                SET delivery_status = 'PENDING', attempts = 0, next_attempt_at = now(), locked_until = NULL,
                    lease_token = NULL, failure_reason = NULL
                WHERE cancel_id = $1 AND delivery_status = 'FAILED'
                RETURNING cancel_id
            ), event AS (
                INSERT INTO hotel_cancellation_event (cancel_id, status, actor, note)
                SELECT cancel_id, 'DELIVERY_REQUEUED', $2, 'sent to Douyin again on request' FROM again
            )
            SELECT (SELECT count(*) FROM again) AS requeued,
                   (SELECT delivery_status FROM hotel_cancel_audit WHERE cancel_id = $1) AS delivery_before""";

    private static final String FIND_DECISION = """
            SELECT cancel_result, reason, decided_by, decided_at, delivery_status, attempts, next_attempt_at,
                   last_error, platform_log_id, sent_at, last_attempt_outcome, failure_reason, delivery_note
            FROM hotel_cancel_audit WHERE cancel_id = $1""";

    // Newest decision first; $1 null: every delivery status.
    private static final String DECISIONS = """
            SELECT a.cancel_id, a.order_id, c.refund_amount, a.cancel_result, a.reason, a.decided_by, a.decided_at,
                   a.delivery_status, a.attempts, a.next_attempt_at, a.last_error, a.platform_log_id, a.sent_at,
                   a.last_attempt_outcome, a.failure_reason, a.delivery_note
            FROM hotel_cancel_audit a JOIN hotel_cancellation c USING (cancel_id)
            WHERE $1::text IS NULL OR a.delivery_status = $1
            ORDER BY a.decided_at DESC, a.cancel_id LIMIT $2""";

    private static final String HISTORY = """
            SELECT at, status, actor, note FROM hotel_cancellation_event WHERE cancel_id = $1 ORDER BY id""";

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /** How a decision attempt ended: stored, or why not (the status it found, null for an unknown id). */
    public record DecideOutcome(boolean decided, CancellationStatus statusBefore) {
    }

    /**
     * A decision claimed for delivery, with the token of its lease and the client_key of the app the cancellation
     * came in through.
     */
    public record Delivery(String cancelId, String orderId, int cancelType, int cancelResult, String reason,
                           int attempts, UUID leaseToken, String clientKey) {
    }

    /** A decision {@link #failExhausted} gave up. */
    public record Exhausted(String cancelId, int attempts, GiveUpReason reason, String error) {
    }

    /** A decision with the cancellation it is about, for lists. */
    public record DecisionSummary(String cancelId, String orderId, Long refundAmount, AuditDecision decision) {
    }

    /** Up to {@code limit} decisions, newest first; only those whose delivery is {@code deliveryStatus} if given. */
    public Uni<List<DecisionSummary>> decisions(String deliveryStatus, int limit) {
        return pool.preparedQuery(DECISIONS).execute(Tuple.of(deliveryStatus, limit)).map(rows -> {
            List<DecisionSummary> items = new ArrayList<>(rows.size());
            for (Row row : rows) {
                items.add(new DecisionSummary(row.getString("cancel_id"), row.getString("order_id"),
                        row.getLong("refund_amount"), toDecision(row)));
            }
            return items;
        });
    }

    public Uni<DecideOutcome> decide(String cancelId, CancellationStatus newStatus, int cancelResult, String reason,
                                     String actor) {
        Tuple params = Tuple.tuple().addString(cancelId).addString(newStatus.name()).addInteger(cancelResult)
                .addString(reason).addString(actor);
        return pool.preparedQuery(DECIDE).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            String before = row.getString("status_before");
            return new DecideOutcome(row.getLong("decided") > 0,
                    before == null ? null : CancellationStatus.valueOf(before));
        });
    }

    /** Decides up to {@code limit} cancellations left PENDING_AUDIT longer than {@code deadline}. */
    public Uni<List<String>> decideOverdue(Duration deadline, CancellationStatus newStatus, int cancelResult,
                                           String reason, String actor, int limit) {
        Tuple params = Tuple.tuple().addString(newStatus.name()).addLong(deadline.toMillis()).addInteger(cancelResult)
                .addString(reason).addString(actor).addInteger(limit);
        return pool.preparedQuery(DECIDE_OVERDUE).execute(params).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString("cancel_id")));
            return ids;
        });
    }

    /**
     * Claims the next due decision under a fresh lease. One at a time, so the lease only has to cover one
     * send: a batch claimed at once could outlive its lease and be sent by another replica as well.
     */
    public Uni<Optional<Delivery>> claimNext(Duration lease, int maxAttempts) {
        return pool.preparedQuery(CLAIM_NEXT).execute(Tuple.of(lease.toMillis(), maxAttempts)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Delivery(row.getString("cancel_id"), row.getString("order_id"),
                    row.getInteger("cancel_type"), row.getInteger("cancel_result"), row.getString("reason"),
                    row.getInteger("attempts"), row.getUUID("lease_token"), row.getString("client_key")));
        });
    }

    /** Gives up the pending decisions at the attempt limit that no worker holds (poison ones among them). */
    public Uni<List<Exhausted>> failExhausted(int maxAttempts) {
        return pool.preparedQuery(FAIL_EXHAUSTED).execute(Tuple.of(maxAttempts)).map(rows -> {
            List<Exhausted> failed = new ArrayList<>(rows.size());
            for (Row row : rows) {
                failed.add(new Exhausted(row.getString("cancel_id"), row.getInteger("attempts"),
                        GiveUpReason.valueOf(row.getString("failure_reason")), row.getString("last_error")));
            }
            return failed;
        });
    }

    /**
     * Marks the decision delivered: plainly accepted ({@code note} null), or counted as delivered for the
     * reason in {@code note} ({@link AttemptOutcome#ALREADY_DECIDED}).
     */
    public Uni<Boolean> markSent(String cancelId, String platformLogId, AttemptOutcome outcome, String note) {
        String event = note != null ? note : "accepted by Douyin (logid " + platformLogId + ")";
        return pool.preparedQuery(MARK_SENT)
                .execute(Tuple.of(cancelId, platformLogId, event, outcome.name(), note))
                .map(rows -> rows.iterator().next().getLong("sent") > 0);
    }

    /** Reschedules a delivery; a no-op unless the lease is still this worker's. */
    public Uni<Void> markRetry(Delivery delivery, String error, String platformLogId, Duration after,
                               AttemptOutcome outcome) {
        return pool.preparedQuery(MARK_RETRY)
                .execute(Tuple.tuple().addString(delivery.cancelId()).addString(error).addString(platformLogId)
                        .addLong(after.toMillis()).addUUID(delivery.leaseToken()).addString(outcome.name()))
                .replaceWithVoid();
    }

    /** Gives a delivery up for good; false (a no-op) unless the lease is still this worker's. */
    public Uni<Boolean> markFailed(Delivery delivery, String error, String platformLogId, GiveUpReason reason,
                                   AttemptOutcome outcome) {
        return pool.preparedQuery(MARK_FAILED)
                .execute(Tuple.tuple().addString(delivery.cancelId()).addString(error).addString(platformLogId)
                        .addUUID(delivery.leaseToken()).addString(reason.name()).addString(outcome.name()))
                .map(rows -> rows.iterator().next().getLong("failed") > 0);
    }

    /** Puts a FAILED delivery back in the outbox; returns the delivery status found (null: no decision). */
    public Uni<RequeueOutcome> requeueFailed(String cancelId, String actor) {
        return pool.preparedQuery(REDELIVER).execute(Tuple.of(cancelId, actor)).map(rows -> {
            Row row = rows.iterator().next();
            return new RequeueOutcome(row.getLong("requeued") > 0, row.getString("delivery_before"));
        });
    }

    public record RequeueOutcome(boolean requeued, String deliveryStatusBefore) {
    }

    public Uni<Optional<AuditDecision>> findDecision(String cancelId) {
        return pool.preparedQuery(FIND_DECISION).execute(Tuple.of(cancelId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            return Optional.of(toDecision(rows.iterator().next()));
        });
    }

    private static AuditDecision toDecision(Row row) {
        int result = row.getInteger("cancel_result");
        return new AuditDecision(result == 1 ? "agree" : "reject", result, row.getString("reason"),
                row.getString("decided_by"), row.getOffsetDateTime("decided_at"),
                row.getString("delivery_status"), row.getInteger("attempts"),
                row.getOffsetDateTime("next_attempt_at"), row.getString("last_error"),
                row.getString("platform_log_id"), row.getOffsetDateTime("sent_at"),
                row.getString("last_attempt_outcome"), row.getString("failure_reason"),
                row.getString("delivery_note"));
    }

    public Uni<List<Cancellation.HistoryEntry>> history(String cancelId) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(cancelId)).map(rows -> {
            List<Cancellation.HistoryEntry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(new Cancellation.HistoryEntry(row.getOffsetDateTime("at"), row.getString("status"),
                        row.getString("actor"), row.getString("note")));
            }
            return entries;
        });
    }
}
