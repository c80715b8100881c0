package com.provider.hotel.model;

import java.util.List;

/** Douyin's hotel cancel-order call (PROTOCOL.md 1a), validated. Money in fen; optional fields may be null. */
public record CancelOrderRequest(
        String orderId,
        String cancelId,
        String orderOutId,
        Long refundAmount,
        Long userRefundAmount,
        Long penalty,
        String currency,
        String cancelReason,
        Long cancelOrderTimeUnix,
        int cancelType,
        int bizType,
        Boolean needAudit,
        Integer applicantType,
        Boolean negotiateRefund,
        int afterSaleType,
        int refundType,
        List<RefundNight> refundOrderDetail) {

    /** need_audit false, null or absent all mean: Douyin has already cancelled the order. */
    public boolean auditRequested() {
        return Boolean.TRUE.equals(needAudit);
    }
}
