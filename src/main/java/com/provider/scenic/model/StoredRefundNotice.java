package com.provider.scenic.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;
import java.util.List;

/** One stored certificate notice as operators see it: every field Douyin sent, and which call brought it. */
@RegisterForReflection
public record StoredRefundNotice(
        long id,
        String orderId,
        String afterSaleId,
        Integer afterSaleType,
        String certificateId,
        String code,
        Long totalCount,
        Long verifyCount,
        Long refundCount,
        Long originAmount,
        Long refundAmount,
        Long deductFeeAmount,
        Long applyTime,
        Long auditTime,
        Integer auditResult,
        String voucher,
        List<StoredSubItem> subItemList,
        String logId,
        String clientKey,
        OffsetDateTime receivedAt) {

    @RegisterForReflection
    public record StoredSubItem(
            String subItemId,
            Long originAmount,
            Long refundAmount,
            Long marketingAmount,
            Long userAmount,
            Long deductFeeAmount) {
    }

    public StoredRefundNotice withSubItems(List<StoredSubItem> items) {
        return new StoredRefundNotice(id, orderId, afterSaleId, afterSaleType, certificateId, code, totalCount,
                verifyCount, refundCount, originAmount, refundAmount, deductFeeAmount, applyTime, auditTime,
                auditResult, voucher, items, logId, clientKey, receivedAt);
    }
}
