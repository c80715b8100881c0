package com.provider.scenic.model;

import java.util.List;

/** Douyin's scenic-spot refund audit result notice (PROTOCOL.md 1b), validated. */
public record RefundAuditNotice(
        String orderId,
        String afterSaleId,
        Integer afterSaleType,
        List<CertificateNotice> noticeList) {

    /**
     * One certificate's audit outcome. Counts and amounts (fen) are present for times-cards only.
     * Times are milliseconds since the epoch, as sent.
     */
    public record CertificateNotice(
            String certificateId,
            String code,
            Long totalCount,
            Long verifyCount,
            Long refundCount,
            Long originAmount,
            Long refundAmount,
            Long deductFeeAmount,
            List<SubItem> subItemList,
            Long applyTime,
            Long auditTime,
            Integer auditResult,
            String voucher) {
    }

    /** One use of a times-card being refunded. */
    public record SubItem(
            String subItemId,
            Long originAmount,
            Long refundAmount,
            Long marketingAmount,
            Long userAmount,
            Long deductFeeAmount) {
    }
}
