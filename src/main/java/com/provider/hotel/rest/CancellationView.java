package com.provider.hotel.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.provider.hotel.model.AuditDecision;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.Cancellation;
import com.provider.hotel.model.CancellationEvent;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.model.RefundNight;
import com.provider.hotel.service.CancellationService.Details;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored hotel cancellation as operators see it: every field Douyin sent and the answer given; one cancellation
 * alone also shows its refund nights, the operator's decision with its delivery, and its history.
 */
@RegisterForReflection
public record CancellationView(
        String cancelId,
        String orderId,
        CancellationStatus status,
        String orderOutId,
        Long refundAmount,
        Long userRefundAmount,
        Long penalty,
        String currency,
        String cancelReason,
        Long cancelOrderTimeUnix,
        int cancelType,
        int bizType,
        Boolean needAudit,
        Integer applicantType,
        Boolean negotiateRefund,
        int afterSaleType,
        int refundType,
        CancelDecision decision,
        String logId,
        String clientKey,
        OffsetDateTime receivedAt,
        OffsetDateTime updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<RefundNight> refundOrderDetail,
        @JsonInclude(JsonInclude.Include.NON_NULL) Audit audit,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> history) {

    /**
     * The operator's (or the deadline's) decision and where its delivery to Douyin stands.
     *
     * @param cancelResult       1 agree, 2 reject, as Douyin's cancel-audit API takes it
     * @param deliveryStatus     PENDING until Douyin accepts it (SENT), FAILED when it was given up
     * @param lastAttemptOutcome how the last attempt ended; null before the first one ended
     * @param failureReason      why a FAILED delivery stopped
     * @param deliveryNote       what to know about a SENT delivery Douyin did not plainly accept
     */
    @RegisterForReflection
    public record Audit(
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

        public static Audit of(AuditDecision d) {
            return new Audit(d.cancelResult == CancelDecision.RESULT_AGREE ? "agree" : "reject", d.cancelResult,
                    d.reason, d.decidedBy, d.decidedAt, d.deliveryStatus.name(), d.attempts, d.nextAttemptAt,
                    d.lastError, d.platformLogId, d.sentAt,
                    d.lastAttemptOutcome == null ? null : d.lastAttemptOutcome.name(), d.failureReason,
                    d.deliveryNote);
        }
    }

    /** One step in a cancellation's life: who moved it to which status, when and why. */
    @RegisterForReflection
    public record HistoryEntry(OffsetDateTime at, String status, String actor, String note) {
    }

    /** A cancellation in a listing: without nights, decision and history. */
    public static CancellationView summary(Cancellation c) {
        return of(c, null, null, null);
    }

    /** One cancellation with everything: its first answer starts its history. */
    public static CancellationView details(Details details) {
        Cancellation c = details.cancellation();
        List<HistoryEntry> history = new ArrayList<>(details.history().size() + 1);
        history.add(new HistoryEntry(c.receivedAt, c.decidedStatus.name(), "policy", c.decisionRule));
        for (CancellationEvent event : details.history()) {
            history.add(new HistoryEntry(event.at, event.status, event.actor, event.note));
        }
        return of(c, c.refundNights, details.decision() == null ? null : Audit.of(details.decision()), history);
    }

    private static CancellationView of(Cancellation c, List<RefundNight> nights, Audit audit,
            List<HistoryEntry> history) {
        return new CancellationView(c.cancelId, c.orderId, c.status, c.orderOutId, c.refundAmount,
                c.userRefundAmount, c.penalty, c.currency, c.cancelReason, c.cancelOrderTimeUnix, c.cancelType,
                c.bizType, c.needAudit, c.applicantType, c.negotiateRefund, c.afterSaleType, c.refundType, c.answer(),
                c.logId, c.clientKey, c.receivedAt, c.updatedAt, nights, audit, history);
    }
}
