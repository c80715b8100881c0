package com.provider.aftersale.model;

import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The eight amounts (fen) an after-sale order and each of its refund lines carry, as Douyin sent them. */
@Embeddable
public class RefundAmounts {

    @Column(name = "refund_amount")
    public Long refundAmount;

    @Column(name = "user_refund_amount")
    public Long userRefundAmount;

    @Column(name = "market_refund_amount")
    public Long marketRefundAmount;

    @Column(name = "deduct_fee_amount")
    public Long deductFeeAmount;

    @Column(name = "user_deduct_fee_amount")
    public Long userDeductFeeAmount;

    @Column(name = "market_deduct_fee_amount")
    public Long marketDeductFeeAmount;

    @Column(name = "total_refund_amount")
    public Long totalRefundAmount;

    @Column(name = "real_refund_amount")
    public Long realRefundAmount;

    static RefundAmounts of(AfterSaleDetailResponse.Amounts sent) {
        RefundAmounts amounts = new RefundAmounts();
        amounts.refundAmount = sent.refundAmount();
        amounts.userRefundAmount = sent.userRefundAmount();
        amounts.marketRefundAmount = sent.marketRefundAmount();
        amounts.deductFeeAmount = sent.deductFeeAmount();
        amounts.userDeductFeeAmount = sent.userDeductFeeAmount();
        amounts.marketDeductFeeAmount = sent.marketDeductFeeAmount();
        amounts.totalRefundAmount = sent.totalRefundAmount();
        amounts.realRefundAmount = sent.realRefundAmount();
        return amounts;
    }
}
