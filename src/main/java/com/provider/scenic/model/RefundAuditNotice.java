package com.provider.scenic.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

        /** The wire names of the fields whose values differ between this notice and {@code other}. */
        public List<String> differingFields(CertificateNotice other) {
            List<String> fields = new ArrayList<>();
            differs(fields, "certificate_id", certificateId, other.certificateId);
            differs(fields, "code", code, other.code);
            differs(fields, "total_count", totalCount, other.totalCount);
            differs(fields, "verify_count", verifyCount, other.verifyCount);
            differs(fields, "refund_count", refundCount, other.refundCount);
            differs(fields, "origin_amount", originAmount, other.originAmount);
            differs(fields, "refund_amount", refundAmount, other.refundAmount);
            differs(fields, "deduct_fee_amount", deductFeeAmount, other.deductFeeAmount);
            differs(fields, "sub_item_list", subItemList, other.subItemList);
            differs(fields, "apply_time", applyTime, other.applyTime);
            differs(fields, "audit_time", auditTime, other.auditTime);
            differs(fields, "audit_result", auditResult, other.auditResult);
            differs(fields, "voucher", voucher, other.voucher);
            return fields;
        }
    }

    /** Adds {@code field} to {@code fields} when the two values differ. */
    public static void differs(List<String> fields, String field, Object one, Object other) {
        if (!Objects.equals(one, other)) {
            fields.add(field);
        }
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
