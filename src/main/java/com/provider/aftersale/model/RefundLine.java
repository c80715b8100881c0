package com.provider.aftersale.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One entry of an after-sale order's {@code refund_info_list}, times-card serial numbers included. */
@RegisterForReflection
public record RefundLine(
        String refundId,
        String certificateId,
        String code,
        String orderItemId,
        Long refundStatus,
        Boolean isVerified,
        Long refundAmount,
        Long userRefundAmount,
        Long marketRefundAmount,
        Long deductFeeAmount,
        Long userDeductFeeAmount,
        Long marketDeductFeeAmount,
        Long totalRefundAmount,
        Long realRefundAmount,
        Long applyTime,
        Long createTime,
        Long updateTime,
        Long completeTime,
        List<TimesCardRefund> timesCardRefundInfoList) {

    @RegisterForReflection
    public record TimesCardRefund(Long serialNumber) {
    }
}
