package com.provider.aftersale.model;

import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.io.Serializable;

/**
 * One {@code times_card_refund_info_list[]} entry of a refund line (times-cards only): its serial number and the
 * eight amounts the platform's SDK models.
 */
@Entity
@Table(name = "after_sale_refund_times_card")
@IdClass(TimesCardEntry.Key.class)
public class TimesCardEntry {

    public record Key(String afterSaleId, int lineNo, int entryNo) implements Serializable {
    }

    @Id
    @Column(name = "after_sale_id")
    public String afterSaleId;

    @Id
    @Column(name = "line_no")
    public int lineNo;

    @Id
    @Column(name = "entry_no")
    public int entryNo;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumns({
            @JoinColumn(name = "after_sale_id", referencedColumnName = "after_sale_id", insertable = false, updatable = false),
            @JoinColumn(name = "line_no", referencedColumnName = "line_no", insertable = false, updatable = false)})
    public AfterSaleRefundLine line;

    @Column(name = "serial_number")
    public Long serialNumber;

    @Column(name = "refund_amount")
    public Long refundAmount;

    @Column(name = "origin_amount")
    public Long originAmount;

    @Column(name = "user_amount")
    public Long userAmount;

    @Column(name = "marketing_amount")
    public Long marketingAmount;

    @Column(name = "platform_market_amount")
    public Long platformMarketAmount;

    @Column(name = "deduct_fee_amount")
    public Long deductFeeAmount;

    @Column(name = "user_deduct_fee_amount")
    public Long userDeductFeeAmount;

    @Column(name = "platform_market_deduct_fee_amount")
    public Long platformMarketDeductFeeAmount;

    static TimesCardEntry of(AfterSaleRefundLine line, int entryNo, AfterSaleDetailResponse.TimesCardRefund sent) {
        TimesCardEntry entry = new TimesCardEntry();
        entry.afterSaleId = line.afterSaleId;
        entry.lineNo = line.lineNo;
        entry.entryNo = entryNo;
        entry.line = line;
        entry.serialNumber = sent.serialNumber();
        entry.refundAmount = sent.refundAmount();
        entry.originAmount = sent.originAmount();
        entry.userAmount = sent.userAmount();
        entry.marketingAmount = sent.marketingAmount();
        entry.platformMarketAmount = sent.platformMarketAmount();
        entry.deductFeeAmount = sent.deductFeeAmount();
        entry.userDeductFeeAmount = sent.userDeductFeeAmount();
        entry.platformMarketDeductFeeAmount = sent.platformMarketDeductFeeAmount();
        return entry;
    }
}
