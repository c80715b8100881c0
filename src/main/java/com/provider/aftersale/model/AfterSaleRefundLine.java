package com.provider.aftersale.model;

import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code refund_info_list[]} entry of an after-sale order: the page's fields and the SDK's (the platform-marketing
 * amounts), with its times-card entries. {@code line_no} orders the lines of an order as Douyin sent them; lines that
 * a certificate-scoped sync replaced come after the others.
 */
@Entity
@Table(name = "after_sale_refund")
@IdClass(AfterSaleRefundLine.Key.class)
public class AfterSaleRefundLine {

    public record Key(String afterSaleId, int lineNo) implements Serializable {
    }

    @Id
    @Column(name = "after_sale_id")
    public String afterSaleId;

    @Id
    @Column(name = "line_no")
    public int lineNo;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "after_sale_id", insertable = false, updatable = false)
    public AfterSaleOrder order;

    @Column(name = "refund_id")
    public String refundId;

    @Column(name = "certificate_id")
    public String certificateId;

    public String code;

    @Column(name = "order_item_id")
    public String orderItemId;

    @Column(name = "refund_status")
    public Long refundStatus;

    @Column(name = "is_verified")
    public Boolean verified;

    /** Null when Douyin sent none of the eight. */
    @Embedded
    public RefundAmounts amounts;

    @Column(name = "platform_market_refund_amount")
    public Long platformMarketRefundAmount;

    @Column(name = "platform_market_deduct_fee_amount")
    public Long platformMarketDeductFeeAmount;

    @Column(name = "apply_time")
    public Long applyTime;

    @Column(name = "create_time")
    public Long createTime;

    @Column(name = "update_time")
    public Long updateTime;

    @Column(name = "complete_time")
    public Long completeTime;

    @OneToMany(mappedBy = "line")
    @OrderBy("entryNo")
    public List<TimesCardEntry> timesCards = new ArrayList<>();

    /** Line {@code lineNo} of {@code order}, as Douyin sent it, with its times-card entries numbered from 1. */
    public static AfterSaleRefundLine of(AfterSaleOrder order, int lineNo, AfterSaleDetailResponse.RefundInfo sent) {
        AfterSaleRefundLine line = new AfterSaleRefundLine();
        line.afterSaleId = order.afterSaleId;
        line.lineNo = lineNo;
        line.order = order;
        line.refundId = sent.refundId();
        line.certificateId = sent.certificateId();
        line.code = sent.code();
        line.orderItemId = sent.orderItemId();
        line.refundStatus = sent.refundStatus();
        line.verified = sent.isVerified();
        line.amounts = RefundAmounts.of(sent);
        line.platformMarketRefundAmount = sent.platformMarketRefundAmount();
        line.platformMarketDeductFeeAmount = sent.platformMarketDeductFeeAmount();
        line.applyTime = sent.applyTime();
        line.createTime = sent.createTime();
        line.updateTime = sent.updateTime();
        line.completeTime = sent.completeTime();
        List<AfterSaleDetailResponse.TimesCardRefund> cards = sent.timesCardRefundInfoList();
        if (cards != null) {
            for (int i = 0; i < cards.size(); i++) {
                if (cards.get(i) != null) {
                    line.timesCards.add(TimesCardEntry.of(line, i + 1, cards.get(i)));
                }
            }
        }
        return line;
    }
}
