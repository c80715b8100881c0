package com.provider.hotel.model;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A hotel cancellation Douyin sent (PROTOCOL.md 1a): every field of the call, the answer it was given (repeated to
 * every redelivery) and where it stands now. Rows are created by the SPI's group-commit statement
 * ({@link com.provider.hotel.repository.CancellationStore}); operators read them and move them out of
 * {@code PENDING_AUDIT} through this entity. Money is fen.
 */
@Entity
@Table(name = "hotel_cancellation")
public class Cancellation {

    @Id
    @Column(name = "cancel_id")
    public String cancelId;

    @Column(name = "order_id")
    public String orderId;

    @Column(name = "order_out_id")
    public String orderOutId;

    @Column(name = "refund_amount")
    public Long refundAmount;

    @Column(name = "user_refund_amount")
    public Long userRefundAmount;

    public Long penalty;

    public String currency;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Column(name = "cancel_order_time_unix")
    public Long cancelOrderTimeUnix;

    @Column(name = "cancel_type")
    public int cancelType;

    @Column(name = "biz_type")
    public int bizType;

    @Column(name = "need_audit")
    public Boolean needAudit;

    @Column(name = "applicant_type")
    public Integer applicantType;

    @Column(name = "negotiate_refund")
    public Boolean negotiateRefund;

    @Column(name = "after_sale_type")
    public int afterSaleType;

    @Column(name = "refund_type")
    public int refundType;

    /** refund_order_detail: the nights asked back, in the order Douyin sent them (a JSON array, see V6). */
    @Convert(converter = RefundNightsJson.class)
    @ColumnTransformer(read = "refund_nights::text")
    @Column(name = "refund_nights", insertable = false, updatable = false)
    public List<RefundNight> refundNights;

    @Enumerated(EnumType.STRING)
    public CancellationStatus status;

    // The answer given to the first delivery (CancelDecision), never changed afterwards.
    @Enumerated(EnumType.STRING)
    @Column(name = "decided_status", updatable = false)
    public CancellationStatus decidedStatus;

    @Column(name = "answer_cancel_mode", updatable = false)
    public int answerCancelMode;

    @Column(name = "answer_cancel_result", updatable = false)
    public Integer answerCancelResult;

    @Column(name = "answer_refund_fee_amount", updatable = false)
    public Long answerRefundFeeAmount;

    @Column(name = "answer_reason", updatable = false)
    public String answerReason;

    @Column(name = "decision_rule", updatable = false)
    public String decisionRule;

    @Column(name = "log_id")
    public String logId;

    @Column(name = "client_key")
    public String clientKey;

    @Column(name = "received_at", updatable = false)
    public OffsetDateTime receivedAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** The answer the first delivery got, as the policy decided it. */
    public CancelDecision answer() {
        return new CancelDecision(decidedStatus, answerCancelMode, answerCancelResult, answerRefundFeeAmount,
                answerReason, decisionRule);
    }
}
