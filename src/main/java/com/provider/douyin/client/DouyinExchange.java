package com.provider.douyin.client;

import com.provider.common.tracing.Spans;
import com.provider.common.tracing.TraceKeys;
import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import com.provider.douyin.client.dto.PlatformAnswer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One HTTP exchange with Douyin as an operator follows it: timed and counted by outcome ({@link DouyinMetrics}), in
 * a span {@code douyin <api>} with the business keys of the call, Douyin's log id, the outcome and the platform's
 * error code (the HTTP client's own span is its child). Waiting for the token or a rate slot is outside it.
 */
@ApplicationScoped
public class DouyinExchange {

    private static final AttributeKey<String> API = AttributeKey.stringKey("douyin.api");
    private static final AttributeKey<Long> PLATFORM_ERROR_CODE = AttributeKey.longKey("douyin.error_code");
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("douyin.http_status");
    private static final AttributeKey<String> AFTER_SALE_IDS = AttributeKey.stringKey("after_sale_ids");

    private final Spans spans;
    private final DouyinMetrics metrics;

    public DouyinExchange(Spans spans, DouyinMetrics metrics) {
        this.spans = spans;
        this.metrics = metrics;
    }

    public <T> Uni<T> run(String api, Attributes keys, Supplier<Uni<T>> exchange) {
        Attributes attributes = keys.toBuilder().put(API, api).build();
        return spans.child("douyin " + api, attributes, span -> metrics.exchange(api, exchange)
                .invoke(answer -> succeeded(span, answer))
                .onFailure().invoke(failure -> failed(span, PlatformOutcomes.fromFailure(api, failure))));
    }

    private static void succeeded(Span span, Object answer) {
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(TraceKeys.OUTCOME, PlatformOutcome.SUCCESS.name());
        if (answer instanceof PlatformAnswer platform && platform.logId() != null) {
            span.setAttribute(TraceKeys.LOG_ID, platform.logId());
        }
        if (answer instanceof AfterSaleDetailResponse detail && detail.data() != null
                && detail.data().afterSaleOrderList() != null) {
            span.setAttribute(AFTER_SALE_IDS, detail.data().afterSaleOrderList().stream()
                    .map(AfterSaleDetailResponse.Order::afterSaleId).filter(Objects::nonNull)
                    .collect(Collectors.joining(",")));
        }
    }

    private static void failed(Span span, DouyinCallException e) {
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(TraceKeys.OUTCOME, e.outcome().name());
        if (e.platformLogId() != null) {
            span.setAttribute(TraceKeys.LOG_ID, e.platformLogId());
        }
        if (e.platformErrorCode() != null) {
            span.setAttribute(PLATFORM_ERROR_CODE, e.platformErrorCode());
        }
        if (e.httpStatus() != null) {
            span.setAttribute(HTTP_STATUS, e.httpStatus().longValue());
        }
    }
}
