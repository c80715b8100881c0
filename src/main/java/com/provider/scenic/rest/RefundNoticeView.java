package com.provider.scenic.rest;

import com.provider.scenic.model.RefundNotice;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;
import java.util.List;

/** One stored certificate notice as operators see it: every field Douyin sent, and which call brought it. */
@RegisterForReflection
public record RefundNoticeView(
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
        List<SubItem> subItemList,
        String logId,
        String clientKey,
        OffsetDateTime receivedAt) {

    @RegisterForReflection
    public record SubItem(
            String subItemId,
            Long originAmount,
            Long refundAmount,
            Long marketingAmount,
            Long userAmount,
            Long deductFeeAmount) {
    }

    public static RefundNoticeView of(RefundNotice n) {
        List<SubItem> items = n.subItems.stream().map(i -> new SubItem(i.subItemId, i.originAmount, i.refundAmount,
                i.marketingAmount, i.userAmount, i.deductFeeAmount)).toList();
        return new RefundNoticeView(n.id, n.orderId, n.afterSaleId, n.afterSaleType, n.certificateId, n.code,
                n.totalCount, n.verifyCount, n.refundCount, n.originAmount, n.refundAmount, n.deductFeeAmount,
                n.applyTime, n.auditTime, n.auditResult, n.voucher, items, n.logId, n.clientKey, n.receivedAt);
    }
}
