package com.provider.douyin.spi.rest;

import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.SpiMetrics;
import com.provider.douyin.spi.SpiPipeline;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an SPI call whose declared Content-Length is over the limit before its body is read, with the
 * envelope and 413. A body sent without a length is checked once read ({@link SpiPipeline}).
 */
@ApplicationScoped
public class SpiBodyLimit {

    /** Metric names of the SPIs; any other path is "unknown", so no caller can mint new series. */
    private static final java.util.Map<String, String> SPI_BY_PATH = java.util.Map.of(
            "/douyin/spi/hotel/cancel-order", com.provider.hotel.service.CancelOrderHandler.NAME,
            "/douyin/spi/scenic/refund-audit-notice", com.provider.scenic.service.RefundAuditNoticeHandler.NAME);

    void install(@Observes Router router, DouyinConfig config, SpiMetrics metrics) {
        long limit = config.spi().maxBodySize().asLongValue();
        String answer = Json.encode(SpiPipeline.tooLarge(limit).envelope());
        router.route(SpiResponses.SPI_PATH + "*").order(-100).handler(rc -> {
            // Douyin waits 3 s from sending: the durability budget counts from here, not from the handler.
            rc.put(SpiCall.ARRIVED_NANOS, System.nanoTime());
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredOver(length, limit)) {
                metrics.answered(SPI_BY_PATH.getOrDefault(rc.request().path(), "unknown"), SpiMetrics.TOO_LARGE,
                        System.nanoTime());
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(answer);
                return;
            }
            rc.next();
        });
    }

    private static boolean declaredOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
