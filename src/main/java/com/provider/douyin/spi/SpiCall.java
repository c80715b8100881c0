package com.provider.douyin.spi;

import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One inbound SPI call as received: the raw query and body bytes, untouched, and the headers that matter.
 * Header names are matched case-insensitively (Vert.x headers are), since Douyin's pages spell them differently.
 * {@code inboxRow} follows the call's one inbox row and its answer, so that the row says what Douyin was told.
 */
public record SpiCall(
        String spi,
        String rawQuery,
        SortedMap<String, String> query,
        String signHeader,
        String logId,
        String clientKeyHeader,
        byte[] body,
        long arrivedNanos,
        InboxRow inboxRow) {

    public static final String SIGN_HEADER = "x-life-sign";
    public static final String LOG_ID_HEADER = "X-Bytedance-Logid";
    public static final String CLIENT_KEY_HEADER = "x-life-clientkey";

    /** RoutingContext key of the request's arrival time ({@link System#nanoTime()}), set by the first SPI route. */
    public static final String ARRIVED_NANOS = "aftersale.spi.arrived-nanos";

    /** RoutingContext key of the call once its whole body was read ({@link com.provider.douyin.spi.rest.SpiIntake}). */
    public static final String RECEIVED = "aftersale.spi.call";

    /** The call as its head says it, before its body is read (the body is empty until {@link #withBody}). */
    public static SpiCall head(String spi, RoutingContext routing, long arrivedNanos) {
        HttpServerRequest request = routing.request();
        SortedMap<String, String> query = new TreeMap<>();
        // First value wins if a parameter repeats; values are URL-decoded, as the platform signed them.
        request.params().forEach(parameter -> query.putIfAbsent(parameter.getKey(), parameter.getValue()));
        String rawQuery = request.query();
        return new SpiCall(spi,
                rawQuery == null ? "" : rawQuery,
                Collections.unmodifiableSortedMap(query),
                request.getHeader(SIGN_HEADER),
                request.getHeader(LOG_ID_HEADER),
                request.getHeader(CLIENT_KEY_HEADER),
                NO_BODY,
                arrivedNanos,
                new InboxRow());
    }

    private static final byte[] NO_BODY = new byte[0];

    public SpiCall withBody(byte[] body) {
        return new SpiCall(spi, rawQuery, query, signHeader, logId, clientKeyHeader, body, arrivedNanos, inboxRow);
    }

    /** The app that signed the call: the URL's client_key (apps moved platforms carry another key in the header). */
    public String clientKey() {
        return query.get("client_key");
    }

    /** The body for a statement parameter, sharing the bytes: the body is held in memory once. */
    public Buffer bodyBuffer() {
        return Buffer.buffer(Unpooled.wrappedBuffer(body));
    }
}
