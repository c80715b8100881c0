package com.provider.hotel.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;
import java.util.List;

/** A stored hotel cancellation as operators see it: every field Douyin sent, the answer given, and its history. */
@RegisterForReflection
public record Cancellation(
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
        @JsonInclude(JsonInclude.Include.NON_NULL) AuditDecision audit,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> history) {

    /**
     * One step in a cancellation's life: who moved it to which status, when and why. Besides the
     * {@link CancellationStatus} values, {@code DELIVERY_FAILED} records Douyin refusing a decision for good.
     */
    @RegisterForReflection
    public record HistoryEntry(OffsetDateTime at, String status, String actor, String note) {
    }

    public Cancellation withDetails(List<RefundNight> nights, AuditDecision auditDecision, List<HistoryEntry> entries) {
        return new Cancellation(cancelId, orderId, status, orderOutId, refundAmount, userRefundAmount, penalty,
                currency, cancelReason, cancelOrderTimeUnix, cancelType, bizType, needAudit, applicantType,
                negotiateRefund, afterSaleType, refundType, decision, logId, clientKey, receivedAt, updatedAt,
                nights, auditDecision, entries);
    }
}
