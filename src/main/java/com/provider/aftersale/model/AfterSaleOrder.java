package com.provider.aftersale.model;

import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * An after-sale order as Douyin's detail API last described it (PROTOCOL.md 2c), every field of the page and of
 * the platform's SDK, with its refund lines; plus the account it was asked for, and when and from which answer it
 * was synced. Every number is an exact {@code long} ({@code bigint}).
 */
@Entity
@Table(name = "after_sale_order")
public class AfterSaleOrder {

    @Id
    @Column(name = "after_sale_id")
    public String afterSaleId;

    @Column(name = "order_id")
    public String orderId;

    /** The merchant account the query named. */
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "out_biz_after_sale_id")
    public String outBizAfterSaleId;

    @Column(name = "out_refund_payment_id")
    public String outRefundPaymentId;

    @Column(name = "merchant_account_id")
    public Long merchantAccountId;

    public Long status;

    @Column(name = "refund_type")
    public Long refundType;

    @Column(name = "order_type")
    public Long orderType;

    @Column(name = "trade_type")
    public Long tradeType;

    @Column(name = "audit_result")
    public String auditResult;

    @Column(name = "audit_time")
    public Long auditTime;

    @Column(name = "create_time")
    public Long createTime;

    /** Douyin's; a snapshot older than the stored one does not replace it. */
    @Column(name = "update_time")
    public Long updateTime;

    @Column(name = "complete_time")
    public Long completeTime;

    /** {@code reason.reason_code[]}. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "reason_codes")
    public Long[] reasonCodes;

    @Column(name = "reason_desc")
    public String reasonDesc;

    /** {@code reason.show_reason[].reason_code}, one element per entry in Douyin's order. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "show_reason_codes")
    public Long[] showReasonCodes;

    /** {@code reason.show_reason[].msg}, parallel to {@link #showReasonCodes}. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "show_reason_msgs")
    public String[] showReasonMsgs;

    @Column(name = "reject_reason")
    public String rejectReason;

    /** Null when Douyin sent none of the eight. */
    @Embedded
    public RefundAmounts amounts;

    /** {@code extra.logid} of the answer this order was last written from. */
    @Column(name = "platform_log_id")
    public String platformLogId;

    /**
     * {@code has_more} of that answer: true means Douyin had more after-sale orders for the query than it sent, and
     * the API takes no cursor to ask for them.
     */
    @Column(name = "has_more")
    public Boolean hasMore;

    /** {@code cursor} of that answer. */
    public String cursor;

    @Column(name = "first_synced_at", updatable = false)
    public OffsetDateTime firstSyncedAt;

    @Column(name = "last_synced_at")
    public OffsetDateTime lastSyncedAt;

    /** The operator who asked for the last sync, or null when the sync queue ran it. */
    @Column(name = "last_synced_by")
    public String lastSyncedBy;

    @OneToMany(mappedBy = "order")
    @OrderBy("lineNo")
    public List<AfterSaleRefundLine> refundLines = new ArrayList<>();

    /** True when {@code sent} is older than this order by Douyin's {@code update_time}: it must not replace it. */
    public boolean isNewerThan(AfterSaleDetailResponse.Order sent) {
        return updateTime != null && sent.updateTime() != null && sent.updateTime() < updateTime;
    }

    /**
     * Takes every order-level field of {@code sent}, from the answer of {@code logId} to a query for {@code account}
     * that {@code operator} asked for (null: the sync queue).
     */
    public void update(AfterSaleDetailResponse.Order sent, String account, String logId, Boolean answerHasMore,
                       String answerCursor, String operator) {
        orderId = sent.orderId();
        accountId = account;
        outBizAfterSaleId = sent.outBizAfterSaleId();
        outRefundPaymentId = sent.outRefundPaymentId();
        merchantAccountId = sent.merchantAccountId();
        status = sent.status();
        refundType = sent.refundType();
        orderType = sent.orderType();
        tradeType = sent.tradeType();
        auditResult = sent.auditResult();
        auditTime = sent.auditTime();
        createTime = sent.createTime();
        updateTime = sent.updateTime();
        completeTime = sent.completeTime();
        AfterSaleDetailResponse.Reason reason = sent.reason();
        reasonCodes = reason == null || reason.reasonCode() == null ? null : reason.reasonCode().toArray(Long[]::new);
        reasonDesc = reason == null ? null : reason.desc();
        List<AfterSaleDetailResponse.ShowReason> show = reason == null ? null : reason.showReason();
        showReasonCodes = show == null ? null : show.stream()
                .map(s -> s == null ? null : s.reasonCode()).toArray(Long[]::new);
        showReasonMsgs = show == null ? null : show.stream().map(s -> s == null ? null : s.msg()).toArray(String[]::new);
        rejectReason = sent.rejectReason();
        amounts = RefundAmounts.of(sent);
        platformLogId = logId;
        hasMore = answerHasMore;
        cursor = answerCursor;
        lastSyncedAt = now();
        lastSyncedBy = operator;
    }

    /** The database keeps microseconds: the value held in memory is the one stored. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
    }
}
