package com.provider.douyin.spi.rest;

import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.SpiHandler;
import com.provider.douyin.spi.SpiMemoryBound;
import com.provider.douyin.spi.SpiPipeline;
import io.quarkus.arc.All;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes an SPI call in from the wire, ahead of the REST layer, so that hostile traffic costs little:
 * <ul>
 * <li>a call that cannot be authentic (unknown or missing client_key, no signature) or declares a body over
 * the limit is answered before a byte of its body is read;</li>
 * <li>the body is read into one array of its size (held once), counted against the limit as it arrives
 * (chunked bodies included: 413 as soon as it passes), within {@code douyin.spi.body-read-timeout} of the
 * call's arrival (408 after);</li>
 * <li>every body in memory holds a share of {@link SpiMemoryBound}; a call that finds the bound taken is
 * answered error_code 100 at once, unread.</li>
 * </ul>
 * An answer given before the whole body was read closes the connection, so the rest is never taken in.
 * The call, body included, is then handed to the endpoint ({@link SpiCall#RECEIVED}), which runs
 * {@link SpiPipeline#process}.
 */
@ApplicationScoped
public class SpiIntake {

    /** First buffer of a body sent without a declared length; it grows as the body arrives. */
    private static final int CHUNKED_INITIAL = 8 * 1024;

    private final SpiPipeline pipeline;
    private final SpiMemoryBound memory;
    private final Map<String, String> spiByPath = new HashMap<>();
    private final int maxBodyBytes;
    private final long readTimeoutNanos;

    public SpiIntake(SpiPipeline pipeline, SpiMemoryBound memory, DouyinConfig config, @All List<SpiHandler<?>> handlers) {
        this.pipeline = pipeline;
        this.memory = memory;
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE - 8, config.spi().maxBodySize().asLongValue());
        this.readTimeoutNanos = config.spi().bodyReadTimeout().toNanos();
        handlers.forEach(handler -> spiByPath.put(handler.path(), handler.name()));
    }

    void install(@Observes Router router) {
        router.route(SpiResponses.SPI_PATH + "*").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        long arrived = System.nanoTime();
        // Douyin waits 3 s from sending: the durability budget counts from here, not from the handler.
        rc.put(SpiCall.ARRIVED_NANOS, arrived);
        HttpServerRequest request = rc.request();
        String spi = spiByPath.get(rc.normalizedPath());
        if (spi == null || request.method() != HttpMethod.POST) {
            rc.next(); // the REST layer answers 404 / 405 in the envelope
            return;
        }
        SpiCall head = SpiCall.head(spi, rc, arrived);
        long declared = declaredLength(request);
        SpiAnswer refusal = pipeline.refuseBeforeBody(head, declared);
        if (refusal != null) {
            answerUnread(rc, refusal);
            return;
        }
        SpiMemoryBound.Permit permit = memory.tryAcquire(Math.max(declared, 0));
        if (permit == null) {
            answerUnread(rc, pipeline.overloaded(head));
            return;
        }
        rc.addEndHandler(ended -> permit.release());
        new BodyReader(rc, head, permit, declared).start();
    }

    /** The declared Content-Length, or -1 when there is none (chunked). */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP codec has refused such a request already
        }
    }

    /**
     * Answers a call whose body was not (wholly) read, then closes the connection: the unread rest must not be
     * taken in, and another request cannot follow on this connection anyway.
     */
    private static void answerUnread(RoutingContext rc, SpiAnswer answer) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        HttpServerRequest request = rc.request();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        response.setStatusCode(answer.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (http1) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Json.encode(answer.envelope())).onComplete(written -> {
            if (http1) {
                request.connection().close();
            }
        });
    }

    /** Reads one body into an array of its size, within the time, size and memory bounds. */
    private final class BodyReader {
        private final RoutingContext rc;
        private final SpiCall head;
        private final SpiMemoryBound.Permit permit;
        private final long declared;
        private byte[] body; // allocated when the first bytes come, not for a caller that sends nothing
        private long reserved;
        private int size;
        private boolean finished;
        private long timer = -1;

        BodyReader(RoutingContext rc, SpiCall head, SpiMemoryBound.Permit permit, long declared) {
            this.rc = rc;
            this.head = head;
            this.permit = permit;
            this.declared = declared;
            this.reserved = Math.max(declared, 0);
        }

        void start() {
            HttpServerRequest request = rc.request();
            if (request.isEnded()) {
                end();
                return;
            }
            long left = readTimeoutNanos - (System.nanoTime() - head.arrivedNanos());
            timer = rc.vertx().setTimer(Math.max(1, left / 1_000_000), id -> {
                timer = -1;
                refuse(pipeline.bodyTimedOut(head, size));
            });
            request.handler(this::chunk);
            request.endHandler(ignored -> end());
            request.exceptionHandler(failure -> stop()); // the connection broke: nobody to answer
            if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                rc.response().writeContinue(); // admitted: the client may send its body now
            }
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (finished) {
                return;
            }
            int length = chunk.length();
            if ((long) size + length > maxBodyBytes) {
                refuse(pipeline.bodyTooLarge(head));
                return;
            }
            if (body == null || size + length > body.length) {
                // A declared length is reserved and allocated at once; a chunked body grows, reserving as it goes.
                int capacity = body == null && declared >= size + length ? (int) declared
                        : Math.min(maxBodyBytes, Math.max(size + length,
                                body == null ? CHUNKED_INITIAL : body.length * 2));
                if (capacity > reserved) {
                    if (!permit.grow(capacity - reserved)) {
                        refuse(pipeline.overloaded(head));
                        return;
                    }
                    reserved = capacity;
                }
                body = body == null ? new byte[capacity] : Arrays.copyOf(body, capacity);
            }
            chunk.getBytes(0, length, body, size);
            size += length;
        }

        private void end() {
            if (finished) {
                return;
            }
            stop();
            byte[] whole = body == null ? new byte[0] : size == body.length ? body : Arrays.copyOf(body, size);
            body = null;
            rc.put(SpiCall.RECEIVED, head.withBody(whole));
            rc.next();
        }

        private void refuse(SpiAnswer answer) {
            if (finished) {
                return;
            }
            stop();
            body = null;
            permit.release();
            answerUnread(rc, answer);
        }

        private void stop() {
            finished = true;
            if (timer >= 0) {
                rc.vertx().cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
