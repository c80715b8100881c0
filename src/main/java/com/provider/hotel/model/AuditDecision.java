package com.provider.hotel.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An operator's (or the deadline's) decision on a cancellation answered {@code cancel_mode} 2, and its delivery to
 * Douyin's cancel-audit API (PROTOCOL.md 2b): the row is both the decision and its outbox entry, one per
 * cancellation. Operators create it and send a FAILED one again through this entity; the outbox worker claims
 * and records attempts with its own statements ({@link com.provider.hotel.repository.DecisionOutbox}).
 */
@Entity
@Table(name = "hotel_cancel_audit")
public class AuditDecision {

    @Id
    @Column(name = "cancel_id")
    public String cancelId;

    @Column(name = "order_id")
    public String orderId;

    @Column(name = "cancel_type")
    public int cancelType;

    /** 1 agree, 2 reject, as the cancel-audit API takes it. */
    @Column(name = "cancel_result")
    public int cancelResult;

    public String reason;

    @Column(name = "decided_by")
    public String decidedBy;

    /** Set by the database (its clock, like every time the outbox compares). */
    @Column(name = "decided_at", insertable = false, updatable = false)
    public OffsetDateTime decidedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status")
    public DeliveryStatus deliveryStatus;

    public int attempts;

    /** Set by the database on insert; the outbox's clock. */
    @Column(name = "next_attempt_at", insertable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(name = "locked_until")
    public OffsetDateTime lockedUntil;

    @Column(name = "lease_token")
    public UUID leaseToken;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "platform_log_id")
    public String platformLogId;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "last_attempt_outcome")
    public AttemptOutcome lastAttemptOutcome;

    /** Why a FAILED delivery stopped ({@link com.provider.common.metrics.GiveUpReason}). */
    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "delivery_note")
    public String deliveryNote;

    /** Where the delivery of a decision stands. */
    public enum DeliveryStatus {
        /** Waiting to be sent, or sent again after an attempt that failed for now. */
        PENDING,
        /** Douyin accepted it (or answered that it was already decided). */
        SENT,
        /** Refused for good, or out of attempts: an operator may send it again. */
        FAILED
    }
}
