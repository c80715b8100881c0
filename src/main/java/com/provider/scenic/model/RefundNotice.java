package com.provider.scenic.model;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.ListIndexBase;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One certificate's refund audit notice (PROTOCOL.md 1b), with its times-card sub-items, and the call that brought
 * it. Rows are created by the SPI's group-commit store ({@link com.provider.scenic.repository.RefundNoticeStore});
 * operators read them through this entity. Counts and amounts (fen) are present for times-cards only; times are
 * milliseconds since the epoch, as sent.
 */
@Entity
@Table(name = "scenic_refund_notice")
public class RefundNotice {

    @Id
    public Long id;

    @Column(name = "order_id")
    public String orderId;

    @Column(name = "after_sale_id")
    public String afterSaleId;

    @Column(name = "after_sale_type")
    public Integer afterSaleType;

    @Column(name = "certificate_id")
    public String certificateId;

    public String code;

    @Column(name = "total_count")
    public Long totalCount;

    @Column(name = "verify_count")
    public Long verifyCount;

    @Column(name = "refund_count")
    public Long refundCount;

    @Column(name = "origin_amount")
    public Long originAmount;

    @Column(name = "refund_amount")
    public Long refundAmount;

    @Column(name = "deduct_fee_amount")
    public Long deductFeeAmount;

    @Column(name = "apply_time")
    public Long applyTime;

    @Column(name = "audit_time")
    public Long auditTime;

    @Column(name = "audit_result")
    public Integer auditResult;

    public String voucher;

    /** sub_item_list, in the order Douyin sent it (line_no counts from 1). */
    @ElementCollection
    @CollectionTable(name = "scenic_refund_notice_sub_item", joinColumns = @JoinColumn(name = "notice_id"))
    @OrderColumn(name = "line_no")
    @ListIndexBase(1)
    public List<SubItem> subItems;

    @Column(name = "log_id")
    public String logId;

    @Column(name = "client_key")
    public String clientKey;

    @Column(name = "received_at")
    public OffsetDateTime receivedAt;

    /** One use of a times-card being refunded. */
    @Embeddable
    public static class SubItem {

        @Column(name = "sub_item_id")
        public String subItemId;

        @Column(name = "origin_amount")
        public Long originAmount;

        @Column(name = "refund_amount")
        public Long refundAmount;

        @Column(name = "marketing_amount")
        public Long marketingAmount;

        @Column(name = "user_amount")
        public Long userAmount;

        @Column(name = "deduct_fee_amount")
        public Long deductFeeAmount;
    }
}
