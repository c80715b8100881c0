package com.provider.douyin.spi;

import com.provider.common.db.GroupCommit;
import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.spi.repository.InboxRepository;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;

/**
 * The one path every Douyin callback takes:
 * size limit (413) -> signature (401) -> strict parse (400, the raw call kept) -> handler, which stores the
 * call and its effect together -> the envelope answer. Whatever cannot be made durable within the budget
 * is answered {@code error_code} 100, so Douyin retries; nothing is acknowledged that was not stored.
 * Every log line of a call carries its Douyin log id and business ids (MDC).
 */
@ApplicationScoped
public class SpiPipeline {

    private static final Logger LOG = Logger.getLogger(SpiPipeline.class);

    private final SpiAuthenticator authenticator;
    private final InboxRepository inbox;
    private final SpiMetrics metrics;
    private final long maxBodyBytes;
    private final Duration durabilityTimeout;

    public SpiPipeline(SpiAuthenticator authenticator, InboxRepository inbox, SpiMetrics metrics, DouyinConfig config) {
        this.authenticator = authenticator;
        this.inbox = inbox;
        this.metrics = metrics;
        this.maxBodyBytes = config.spi().maxBodySize().asLongValue();
        this.durabilityTimeout = config.spi().durabilityTimeout();
    }

    public <T> Uni<SpiAnswer> process(SpiCall call, SpiHandler<T> handler) {
        long started = call.arrivedNanos();
        MDC.put("spi", call.spi());
        if (call.logId() != null) {
            MDC.put("log_id", call.logId());
        }
        if (call.body().length > maxBodyBytes) {
            LOG.warnf("refused: body of %d bytes is over the %d byte limit", call.body().length, maxBodyBytes);
            return answered(call, SpiMetrics.TOO_LARGE, started, tooLarge(maxBodyBytes));
        }
        try {
            authenticator.authenticate(call);
        } catch (SpiRejection rejection) {
            LOG.warnf("refused: %s (client_key %s)", rejection.getMessage(), call.clientKey());
            metrics.signatureFailed(call.spi());
            return answered(call, SpiMetrics.UNAUTHORIZED, started, rejection.answer());
        }
        T request;
        try {
            request = handler.parse(call.body());
        } catch (SpiRejection rejection) {
            LOG.warnf("refused: %s", rejection.getMessage());
            SpiAnswer answer = rejection.answer();
            return durable(call, started, inbox.record(call, null, InboxOutcome.REJECTED, answer, rejection.getMessage())
                    .replaceWith(new SpiResult(answer, InboxOutcome.REJECTED)));
        }
        handler.logContext(request).forEach(MDC::put);
        return durable(call, started, handler.handle(call, request)
                .onFailure(failure -> !(failure instanceof TimeoutException || failure instanceof GroupCommit.QueueFull))
                .recoverWithUni(failure -> keepFailedCall(call, handler.businessKey(request), failure)));
    }

    public static SpiAnswer tooLarge(long maxBodyBytes) {
        return SpiAnswer.error(SpiErrorCode.BODY_TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes");
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
    private Uni<SpiAnswer> durable(SpiCall call, long started, Uni<SpiResult> work) {
        Duration left = durabilityTimeout.minusNanos(System.nanoTime() - started);
        if (left.isNegative() || left.isZero()) {
            LOG.errorf("waited %s before it could be handled; answering error_code 100", durabilityTimeout);
            return Uni.createFrom().item(told(call, SpiMetrics.NOT_DURABLE, started, notDurable(), "not handled in time"));
        }
        return work.ifNoItem().after(left).fail()
                .map(result -> told(call, result.outcome().name(), started, result.answer(), result.outcome().name()))
                .onFailure().recoverWithItem(failure -> {
                    String reason;
                    if (failure instanceof TimeoutException) {
                        LOG.errorf("not durable within %s; answering error_code 100", durabilityTimeout);
                        reason = "not stored in time";
                    } else if (failure instanceof GroupCommit.QueueFull) {
                        reason = failure.getMessage(); // logged where it is thrown, at a bounded rate
                    } else {
                        LOG.errorf("could not be stored (%s); answering error_code 100", failure.toString());
                        reason = failure.toString();
                    }
                    return told(call, SpiMetrics.NOT_DURABLE, started, notDurable(), reason);
                });
    }

    private static SpiAnswer notDurable() {
        return SpiAnswer.retryLater("system busy, please retry");
    }

    /** Counts the answer and notes it on the call's inbox row; {@code reason} says why, if the row says otherwise. */
    private SpiAnswer told(SpiCall call, String outcome, long started, SpiAnswer answer, String reason) {
        metrics.answered(call.spi(), outcome, started);
        inbox.answered(call, answer, reason);
        return answer;
    }

    private Uni<SpiAnswer> answered(SpiCall call, String outcome, long started, SpiAnswer answer) {
        return Uni.createFrom().item(told(call, outcome, started, answer, outcome));
    }
}
