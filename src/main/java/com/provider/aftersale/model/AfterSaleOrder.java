package com.provider.aftersale.model;

import com.provider.douyin.client.dto.AfterSaleDetailResponse.Reason;
import com.provider.douyin.client.dto.AfterSaleDetailResponse.RefundInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A stored after-sale order as operators see it: Douyin's fields, with its reason and refund lines in
 * Douyin's own shape (they are stored as received), plus where and when it was synced. Numbers are exact
 * {@code long}s.
 */
@RegisterForReflection
public record AfterSaleOrder(
        String afterSaleId,
        String orderId,
        String accountId,
        String outBizAfterSaleId,
        String outRefundPaymentId,
        Long merchantAccountId,
        Long status,
        Long refundType,
        Long orderType,
        Long tradeType,
        String auditResult,
        Long auditTime,
        Long createTime,
        Long updateTime,
        Long completeTime,
        Reason reason,
        String rejectReason,
        Long refundAmount,
        Long userRefundAmount,
        Long marketRefundAmount,
        Long deductFeeAmount,
        Long userDeductFeeAmount,
        Long marketDeductFeeAmount,
        Long totalRefundAmount,
        Long realRefundAmount,
        String platformLogId,
        OffsetDateTime firstSyncedAt,
        OffsetDateTime lastSyncedAt,
        List<RefundInfo> refundInfoList) {

    public AfterSaleOrder withRefundLines(List<RefundInfo> lines) {
        return new AfterSaleOrder(afterSaleId, orderId, accountId, outBizAfterSaleId, outRefundPaymentId,
                merchantAccountId, status, refundType, orderType, tradeType, auditResult, auditTime, createTime,
                updateTime, completeTime, reason, rejectReason, refundAmount, userRefundAmount, marketRefundAmount,
                deductFeeAmount, userDeductFeeAmount, marketDeductFeeAmount, totalRefundAmount, realRefundAmount,
                platformLogId, firstSyncedAt, lastSyncedAt, lines);
    }
}
