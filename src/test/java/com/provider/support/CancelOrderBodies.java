package com.provider.support;

import java.util.UUID;

/** Hotel cancel-order bodies shaped like PROTOCOL.md 1a, each with its own ids. */
public final class CancelOrderBodies {

    private CancelOrderBodies() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A complete body; need_audit and refund_type pick the policy branch. */
    public static String body(String orderId, String cancelId, Boolean needAudit, int refundType) {
        return """
                {"order_id":"%s","cancel_id":"%s","order_out_id":"OUT-1","refund_amount":25900,\
                "user_refund_amount":25800,"penalty":10000,"currency":"CNY","cancel_reason":"用户取消",\
                "cancel_order_time_unix":1682006400,"cancel_type":2,"biz_type":2021,"need_audit":%s,\
                "applicant_type":1,"negotiate_refund":false,"after_sale_type":1,"refund_type":%d,\
                "refund_order_detail":[{"rate_plan_id":"1849817620554776","daily_refund_amount":12900,\
                "period_start_date":"2025-11-27","period_end_date":"2025-11-28"},\
                {"rate_plan_id":"1849817620554777","daily_refund_amount":13000,\
                "period_start_date":"2025-11-28","period_end_date":"2025-11-29",\
                "period_start_time":"2025-11-28T15:00:00","period_end_time":"2025-11-28T18:00:00"}]}"""
                .formatted(orderId, cancelId, needAudit, refundType);
    }

    /** Only the required fields. */
    public static String minimal(String orderId, String cancelId) {
        return """
                {"order_id":"%s","cancel_id":"%s","cancel_type":1,"biz_type":2011,"after_sale_type":3,"refund_type":11}"""
                .formatted(orderId, cancelId);
    }
}
