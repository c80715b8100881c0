package com.provider.support;

/** Scenic refund-audit-notice bodies shaped like PROTOCOL.md 1b, one certificate each. */
public final class ScenicNoticeBodies {

    public static final String REFUND_AUDIT_NOTICE = "/douyin/spi/scenic/refund-audit-notice";

    private ScenicNoticeBodies() {
    }

    public static String body(String orderId) {
        return """
                {"order_id":"%s","after_sale_type":1,"notice_list":[{"certificate_id":"c-1","code":"k",\
                "total_count":1,"verify_count":0,"refund_count":1,"origin_amount":5000,"refund_amount":5000,\
                "deduct_fee_amount":0,"apply_time":1700000000000,"audit_time":1700000005000,"audit_result":1,\
                "voucher":""}]}""".formatted(orderId);
    }
}
