package com.provider.douyin.spi;

import com.provider.common.db.GroupCommit;
import com.provider.common.logging.LogSafe;
import com.provider.common.logging.RateLimitedLog;
import com.provider.common.tracing.TraceKeys;
import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.spi.repository.InboxStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.Map;

/**
 * The one path every Douyin callback takes:
 * checks on the head before the body is read (size 413, client_key and signature present 401; {@link
 * #refuseBeforeBody}, called by the intake) -> the body read within its time and memory bounds (413, 408,
 * error_code 100) -> signature (401) -> strict parse (400, the raw call kept) -> handler, which stores the
 * call and its effect together -> the envelope answer. Whatever cannot be made durable within the budget
 * is answered {@code error_code} 100, so Douyin retries; nothing is acknowledged that was not stored, and the
 * call's one inbox row says what Douyin was told.
 * Every log line of a call carries its Douyin log id and business ids (MDC); every authenticated call gets
 * one access line (logger {@code aftersale.spi.access}); refusals are logged at a bounded rate. The call's span
 * (the HTTP server span, a child of Douyin's {@code traceparent} if it sent one) carries the same keys as
 * attributes, with the outcome and the error code; set only when the span is recorded, so a callback costs no
 * more than its ids when traces are not exported.
 */
@ApplicationScoped
public class SpiPipeline {

    private static final Logger LOG = Logger.getLogger(SpiPipeline.class);

    /** One INFO line per authenticated call; {@code quarkus.log.category."aftersale.spi.access".level=OFF} stops it. */
    private static final Logger ACCESS = Logger.getLogger("aftersale.spi.access");

    /**
     * Longest log id or client_key put into a log line. Douyin's log ids have about 34 characters; what a caller
     * sends is not trusted into the logs as it is (the inbox keeps the raw value of every authenticated call).
     */
    public static final int LOGGED_VALUE_MAX = 64;

    private static final AttributeKey<String> SPI = AttributeKey.stringKey("spi");
    private static final AttributeKey<Long> ERROR_CODE = AttributeKey.longKey("error_code");

    private final SpiAuthenticator authenticator;
    private final InboxStore inbox;
    private final SpiMetrics metrics;
    private final long maxBodyBytes;
    private final Duration durabilityTimeout;
    private final RateLimitedLog unauthorizedLog;
    private final RateLimitedLog tooLargeLog;
    private final RateLimitedLog timeoutLog;
    private final RateLimitedLog overloadLog;
    private final RateLimitedLog rejectedLog;
    private final RateLimitedLog notDurableLog;

    public SpiPipeline(SpiAuthenticator authenticator, InboxStore inbox, SpiMetrics metrics, DouyinConfig config) {
        this.authenticator = authenticator;
        this.inbox = inbox;
        this.metrics = metrics;
        this.maxBodyBytes = config.spi().maxBodySize().asLongValue();
        this.durabilityTimeout = config.spi().durabilityTimeout();
        int perSecond = config.spi().refusalLogsPerSecond();
        this.unauthorizedLog = new RateLimitedLog(LOG, "401 refusal", perSecond);
        this.tooLargeLog = new RateLimitedLog(LOG, "413 refusal", perSecond);
        this.timeoutLog = new RateLimitedLog(LOG, "408 refusal", perSecond);
        this.overloadLog = new RateLimitedLog(LOG, "overload refusal", perSecond);
        this.rejectedLog = new RateLimitedLog(LOG, "400 refusal", perSecond);
        this.notDurableLog = new RateLimitedLog(LOG, "not-durable", perSecond);
    }

    /**
     * What the call's head alone decides, before a byte of its body is read: 413 when its declared length is
     * over the limit, 401 when it cannot be authentic (no client_key, an unknown one, no signature); null when
     * the body must be read. Puts the call's log context in the MDC, cut down: it is not authenticated yet.
     */
    public SpiAnswer refuseBeforeBody(SpiCall head, long declaredLength) {
        MDC.put("spi", head.spi());
        putLogged("log_id", head.logId());
        putLogged("client_key", head.clientKey());
        Span span = Span.current();
        if (span.isRecording()) {
            span.setAttribute(SPI, head.spi());
            setLogged(span, TraceKeys.LOG_ID, head.logId());
            setLogged(span, TraceKeys.CLIENT_KEY, head.clientKey());
        }
        if (declaredLength > maxBodyBytes) {
            tooLargeLog.warnf("refused: a body of %d bytes is over the %d byte limit", declaredLength, maxBodyBytes);
            return answered(head, SpiMetrics.TOO_LARGE, tooLarge(maxBodyBytes));
        }
        String refusal = authenticator.refusalBeforeBody(head);
        if (refusal != null) {
            return unauthorized(head, refusal);
        }
        return null;
    }

    /** A body without a declared length passed the limit while it was read: 413 at once. */
    public SpiAnswer bodyTooLarge(SpiCall head) {
        tooLargeLog.warnf("refused: the body passed the %d byte limit while it was read", maxBodyBytes);
        return answered(head, SpiMetrics.TOO_LARGE, tooLarge(maxBodyBytes));
    }

    /** The body did not arrive within {@code douyin.spi.body-read-timeout}: 408. */
    public SpiAnswer bodyTimedOut(SpiCall head, long bytesRead) {
        timeoutLog.warnf("refused: the body did not arrive in time (%d bytes read)", bytesRead);
        return answered(head, SpiMetrics.BODY_TIMEOUT,
                SpiAnswer.error(SpiErrorCode.BODY_TIMEOUT, "the body did not arrive in time"));
    }

    /** The SPI bodies in memory are at their bound: error_code 100 at once, so Douyin retries later. */
    public SpiAnswer overloaded(SpiCall head) {
        overloadLog.warnf("answered error_code 100 unread: the SPI bodies in memory are at their bound");
        return answered(head, SpiMetrics.OVERLOADED, SpiAnswer.retryLater("system busy, please retry"));
    }

    public <T> Uni<SpiAnswer> process(SpiCall call, SpiHandler<T> handler) {
        Context context = Vertx.currentContext();
        // Taken here: a timeout answers on another thread, where this call's span is not the current one.
        Span span = Span.current();
        try {
            authenticator.authenticate(call);
        } catch (SpiRejection rejection) {
            return Uni.createFrom().item(unauthorized(call, rejection.getMessage()));
        }
        T request;
        try {
            request = handler.parse(call.body());
        } catch (SpiRejection rejection) {
            rejectedLog.warnf("refused: %s", rejection.getMessage());
            SpiAnswer answer = rejection.answer();
            return durable(call, context, span, inbox.record(call, null, InboxOutcome.REJECTED, answer,
                            rejection.getMessage())
                    .replaceWith(new SpiResult(answer, InboxOutcome.REJECTED)));
        }
        Map<String, String> keys = handler.logContext(request);
        keys.forEach(MDC::put);
        if (span.isRecording()) {
            keys.forEach(span::setAttribute);
        }
        return durable(call, context, span, handler.handle(call, request)
                .onFailure(failure -> !(failure instanceof TimeoutException || isQueueFull(failure)))
                .recoverWithUni(failure -> keepFailedCall(call, handler.businessKey(request), failure)));
    }

    /**
     * A write queue that is full: the group-commit queue, or the SPI pool's queue of callbacks waiting for a
     * connection. Answered 100 at once, with no attempt to keep the call (that write would queue too).
     */
    private static boolean isQueueFull(Throwable failure) {
        return failure instanceof GroupCommit.QueueFull || failure instanceof ConnectionPoolTooBusyException;
    }

    public static SpiAnswer tooLarge(long maxBodyBytes) {
        return SpiAnswer.error(SpiErrorCode.BODY_TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes");
    }

    /** Writes the summaries of refusals left out of the log in a second that had no refusal after it. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flushRefusalLogs() {
        for (RateLimitedLog log : new RateLimitedLog[] {unauthorizedLog, tooLargeLog, timeoutLog, overloadLog,
                rejectedLog, notDurableLog}) {
            log.flush();
        }
    }

    private SpiAnswer unauthorized(SpiCall call, String reason) {
        unauthorizedLog.warnf("refused: %s (client_key %s)", reason, LogSafe.text(call.clientKey(), LOGGED_VALUE_MAX));
        metrics.signatureFailed(call.spi());
        return answered(call, SpiMetrics.UNAUTHORIZED, SpiAnswer.error(SpiErrorCode.BAD_SIGNATURE, reason));
    }

    /** A handler failed (not a timeout): keep the raw call for operators, and let Douyin retry it. */
    private Uni<SpiResult> keepFailedCall(SpiCall call, String businessKey, Throwable failure) {
        if (failure instanceof io.vertx.pgclient.PgException || failure instanceof io.vertx.core.VertxException) {
            // A database refusal: its message says it all; a stack trace would only bury it.
            LOG.errorf("could not be applied: %s", failure);
        } else {
            LOG.errorf(failure, "failed inside the service");
        }
        SpiAnswer retry = SpiAnswer.retryLater("system error, please retry");
        if (call.inboxRow().isCommitted()) {
            // Something failed after the call's row committed: the call is kept; its row is corrected to say
            // error_code 100, since a second, FAILED row would make one call look like two.
            inbox.answered(call, retry, "failed after it was stored: " + failure);
            return Uni.createFrom().item(new SpiResult(retry, InboxOutcome.FAILED));
        }
        return inbox.record(call, businessKey, InboxOutcome.FAILED, retry, String.valueOf(failure))
                .replaceWith(new SpiResult(retry, InboxOutcome.FAILED));
    }

    /**
     * Bounds the time to durability, counted from the call's arrival; a failure or a timeout answers
     * error_code 100 instead of an error page. A call that already waited out the budget (a saturated
     * machine) is answered 100 at once, without starting work Douyin would no longer wait for. The answer is
     * noted on the call's inbox row, which is corrected if it says something else (a statement that commits
     * after the budget ran out).
     */
    private Uni<SpiAnswer> durable(SpiCall call, Context context, Span span, Uni<SpiResult> work) {
        Duration left = durabilityTimeout.minusNanos(System.nanoTime() - call.arrivedNanos());
        if (left.isNegative() || left.isZero()) {
            notDurableLog.errorf("waited %s before it could be handled; answering error_code 100", durabilityTimeout);
            return Uni.createFrom().item(finished(call, context, span, SpiMetrics.NOT_DURABLE, notDurable(),
                    "not handled in time"));
        }
        return work.ifNoItem().after(left).fail()
                .map(result -> finished(call, context, span, result.outcome().name(), result.answer(),
                        result.outcome().name()))
                .onFailure().recoverWithItem(failure -> {
                    String reason;
                    if (failure instanceof TimeoutException) {
                        notDurableLog.errorf("not durable within %s; answering error_code 100", durabilityTimeout);
                        reason = "not stored in time";
                    } else if (failure instanceof GroupCommit.QueueFull) {
                        reason = failure.getMessage(); // logged where it is thrown, at a bounded rate
                    } else if (failure instanceof ConnectionPoolTooBusyException) {
                        notDurableLog.errorf("no database connection free (%s); answering error_code 100",
                                failure.getMessage());
                        reason = failure.getMessage();
                    } else {
                        notDurableLog.errorf("could not be stored (%s); answering error_code 100", failure.toString());
                        reason = failure.toString();
                    }
                    return finished(call, context, span, SpiMetrics.NOT_DURABLE, notDurable(), reason);
                });
    }

    private static SpiAnswer notDurable() {
        return SpiAnswer.retryLater("system busy, please retry");
    }

    /**
     * Counts an authenticated call's answer, notes it on the call's inbox row ({@code reason} says why, if the
     * row says otherwise) and writes its access line, on the call's own context (its MDC).
     */
    private SpiAnswer finished(SpiCall call, Context context, Span span, String outcome, SpiAnswer answer,
                               String reason) {
        metrics.answered(call.spi(), outcome, call.arrivedNanos());
        describe(span, outcome, answer);
        if (answer.errorCode() == SpiErrorCode.RETRY_LATER.code && span.isRecording()) {
            span.setStatus(StatusCode.ERROR, reason); // Douyin was told to retry: the call was not kept
        }
        inbox.answered(call, answer, reason);
        if (ACCESS.isInfoEnabled()) {
            long millis = (System.nanoTime() - call.arrivedNanos()) / 1_000_000;
            if (context == null || Vertx.currentContext() == context) {
                access(call, outcome, answer, millis);
            } else {
                // a timeout fires on another thread, where the call's MDC is not
                context.runOnContext(ignored -> access(call, outcome, answer, millis));
            }
        }
        return answer;
    }

    private static void access(SpiCall call, String outcome, SpiAnswer answer, long millis) {
        MDC.put("outcome", outcome);
        MDC.put("error_code", Integer.toString(answer.errorCode()));
        MDC.put("ms", Long.toString(millis));
        ACCESS.infof("%s answered error_code %d (%s) in %d ms", call.spi(), answer.errorCode(), outcome, millis);
        MDC.remove("outcome");
        MDC.remove("error_code");
        MDC.remove("ms");
    }

    private SpiAnswer answered(SpiCall call, String outcome, SpiAnswer answer) {
        metrics.answered(call.spi(), outcome, call.arrivedNanos());
        describe(Span.current(), outcome, answer);
        return answer;
    }

    private static void describe(Span span, String outcome, SpiAnswer answer) {
        if (span.isRecording()) {
            span.setAttribute(TraceKeys.OUTCOME, outcome);
            span.setAttribute(ERROR_CODE, answer.errorCode());
        }
    }

    private static void setLogged(Span span, AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, LogSafe.text(value, LOGGED_VALUE_MAX));
        }
    }

    private static void putLogged(String key, String value) {
        if (value != null) {
            MDC.put(key, LogSafe.text(value, LOGGED_VALUE_MAX));
        } else {
            MDC.remove(key);
        }
    }
}
