package com.provider.hotel.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;

/**
 * An operator's (or the deadline's) decision on a cancellation and where its delivery to Douyin stands.
 *
 * @param cancelResult   1 agree, 2 reject, as Douyin's cancel-audit API takes it
 * @param deliveryStatus     PENDING until Douyin accepts it (SENT), FAILED when it was given up
 * @param lastAttemptOutcome how the last attempt ended ({@link AttemptOutcome}); null before the first one ended
 * @param failureReason      why a FAILED delivery stopped ({@link com.provider.common.metrics.GiveUpReason})
 * @param deliveryNote       what to know about a SENT delivery Douyin did not plainly accept
 */
@RegisterForReflection
public record AuditDecision(
        String result,
        int cancelResult,
        String reason,
        String decidedBy,
        OffsetDateTime decidedAt,
        String deliveryStatus,
        int attempts,
        OffsetDateTime nextAttemptAt,
        String lastError,
        String platformLogId,
        OffsetDateTime sentAt,
        String lastAttemptOutcome,
        String failureReason,
        String deliveryNote) {
}
