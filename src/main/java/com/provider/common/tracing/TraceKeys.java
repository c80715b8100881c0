package com.provider.common.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attributes, named as the log lines' MDC keys are, so that one search (a Douyin log id, an order id) finds
 * both the log lines and the spans.
 */
public final class TraceKeys {

    /** Douyin's log id: the {@code X-Bytedance-Logid} of a callback, the {@code extra.logid} of an OpenAPI answer. */
    public static final AttributeKey<String> LOG_ID = AttributeKey.stringKey("log_id");
    public static final AttributeKey<String> CLIENT_KEY = AttributeKey.stringKey("client_key");
    public static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order_id");
    public static final AttributeKey<String> CANCEL_ID = AttributeKey.stringKey("cancel_id");
    public static final AttributeKey<String> CERTIFICATE_ID = AttributeKey.stringKey("certificate_id");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    /** Attempts of a queued job or decision, counted at claim time. */
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("attempt");

    private TraceKeys() {
    }
}
