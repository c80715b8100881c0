package com.provider.douyin.spi;

import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.spi.repository.InboxRepository;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The one path every Douyin callback takes:
 * size limit (413) -> signature (401) -> strict parse (400, the raw call kept) -> handler, which stores the
 * call and its effect together -> the envelope answer. Whatever cannot be made durable within the budget
 * is answered {@code error_code} 100, so Douyin retries; nothing is acknowledged that was not stored.
 */
@ApplicationScoped
public class SpiPipeline {

    private static final Logger LOG = Logger.getLogger(SpiPipeline.class);

    private final SpiAuthenticator authenticator;
    private final InboxRepository inbox;
    private final long maxBodyBytes;
    private final Duration durabilityTimeout;

    public SpiPipeline(SpiAuthenticator authenticator, InboxRepository inbox, DouyinConfig config) {
        this.authenticator = authenticator;
        this.inbox = inbox;
        this.maxBodyBytes = config.spi().maxBodySize().asLongValue();
        this.durabilityTimeout = config.spi().durabilityTimeout();
    }

    public <T> Uni<SpiAnswer> process(SpiCall call, SpiHandler<T> handler) {
        if (call.body().length > maxBodyBytes) {
            LOG.warnf("%s refused: body of %d bytes is over the %d byte limit (logid %s)",
                    call.spi(), call.body().length, maxBodyBytes, call.logId());
            return Uni.createFrom().item(tooLarge(maxBodyBytes));
        }
        try {
            authenticator.authenticate(call);
        } catch (SpiRejection rejection) {
            LOG.warnf("%s refused: %s (client_key %s, logid %s)", call.spi(), rejection.getMessage(),
                    call.clientKey(), call.logId());
            return Uni.createFrom().item(rejection.answer());
        }
        T request;
        try {
            request = handler.parse(call.body());
        } catch (SpiRejection rejection) {
            LOG.warnf("%s refused: %s (logid %s)", call.spi(), rejection.getMessage(), call.logId());
            SpiAnswer answer = rejection.answer();
            return durable(call, inbox.record(call, null, InboxOutcome.REJECTED, answer, rejection.getMessage())
                    .replaceWith(answer));
        }
        return durable(call, handler.handle(call, request)
                .onFailure(failure -> !(failure instanceof TimeoutException))
                .recoverWithUni(failure -> keepFailedCall(call, handler.businessKey(request), failure)));
    }

    public static SpiAnswer tooLarge(long maxBodyBytes) {
        return SpiAnswer.error(SpiErrorCode.BODY_TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes");
    }

    /** A handler failed (not a timeout): keep the raw call for operators, and let Douyin retry it. */
    private Uni<SpiAnswer> keepFailedCall(SpiCall call, String businessKey, Throwable failure) {
        if (failure instanceof io.vertx.pgclient.PgException || failure instanceof io.vertx.core.VertxException) {
            // A database refusal: its message says it all; a stack trace would only bury it.
            LOG.errorf("%s %s could not be applied: %s (logid %s)", call.spi(), businessKey, failure, call.logId());
        } else {
            LOG.errorf(failure, "%s %s failed inside the service (logid %s)", call.spi(), businessKey, call.logId());
        }
        SpiAnswer retry = SpiAnswer.retryLater("system error, please retry");
        return inbox.record(call, businessKey, InboxOutcome.FAILED, retry, String.valueOf(failure))
                .replaceWith(retry);
    }

    /** Bounds the time to durability; a failure or a timeout answers error_code 100 instead of an error page. */
    private Uni<SpiAnswer> durable(SpiCall call, Uni<SpiAnswer> work) {
        return work.ifNoItem().after(durabilityTimeout).fail()
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof TimeoutException) {
                        LOG.errorf("%s not durable within %s; answering error_code 100 (logid %s)",
                                call.spi(), durabilityTimeout, call.logId());
                    } else {
                        LOG.errorf("%s could not be stored (%s); answering error_code 100 (logid %s)",
                                call.spi(), failure.toString(), call.logId());
                    }
                    return SpiAnswer.retryLater("system busy, please retry");
                });
    }
}
