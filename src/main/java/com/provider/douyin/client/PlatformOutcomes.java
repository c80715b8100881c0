package com.provider.douyin.client;

import com.provider.douyin.client.dto.PlatformAnswer;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.util.function.LongFunction;

/**
 * The one place that turns whatever came back from Douyin (an answer with {@code data.error_code} and
 * {@code extra.error_code}, an HTTP status, a timeout, a broken connection) into a {@link PlatformOutcome}.
 * Failures become {@link DouyinCallException}s carrying the platform's code and log id.
 */
public final class PlatformOutcomes {

    /** Header Douyin's gateway puts its log id in when the failure has no JSON body to carry it. */
    static final String LOG_ID_HEADER = "X-Tt-Logid";

    private PlatformOutcomes() {
    }

    /** The answer itself when both error codes are 0; a {@link DouyinCallException} otherwise. */
    public static <A extends PlatformAnswer> A check(String operation, A answer, LongFunction<PlatformOutcome> codes) {
        if (answer == null) {
            throw DouyinCallException.retryLater(operation + ": empty answer", null);
        }
        // Platform errors (token, scope, rate) show in extra, business errors in data: either fails the call.
        Long extraCode = answer.extra() == null ? null : answer.extra().errorCode();
        if (extraCode != null && extraCode != 0) {
            String description = answer.extra().description();
            if (answer.extra().subDescription() != null && !answer.extra().subDescription().isBlank()) {
                description = description + " (" + answer.extra().subDescription() + ")";
            }
            throw refusal(operation, codes.apply(extraCode), extraCode, description, answer.logId());
        }
        Long dataCode = answer.dataErrorCode();
        if (dataCode != null && dataCode != 0) {
            throw refusal(operation, codes.apply(dataCode), dataCode, answer.dataDescription(), answer.logId());
        }
        return answer;
    }

    /**
     * Anything that went wrong on the way, as a {@link DouyinCallException}. Whether the request may have been
     * applied is kept: a timeout, a 5xx, a broken connection or an unreadable answer leave it unknown; a refused
     * connection, an open circuit and Douyin's own error codes do not.
     */
    public static DouyinCallException fromFailure(String operation, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DouyinCallException known) {
                return known;
            }
            if (cause instanceof MalformedAnswerException malformed) {
                return new DouyinCallException(PlatformOutcome.MALFORMED, operation + ": " + malformed.getMessage(),
                        null, malformed.platformLogId(), 200, failure, true, false, false);
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        if (failure instanceof WebApplicationException http) {
            Response response = http.getResponse();
            int status = response.getStatus();
            if (status < 300) {
                // the REST client's own reader refused the body (see DouyinAnswerReader for the usual path)
                return new DouyinCallException(PlatformOutcome.MALFORMED, operation + ": unreadable answer ("
                        + http.getMessage() + ")", null, response.getHeaderString(LOG_ID_HEADER), status, failure,
                        true, false, false);
            }
            PlatformOutcome outcome = status >= 500 || status == 429 || status == 408
                    ? PlatformOutcome.RETRY_LATER : PlatformOutcome.PERMANENT;
            return new DouyinCallException(outcome, operation + ": HTTP " + status, null,
                    response.getHeaderString(LOG_ID_HEADER), status, failure, status >= 500, false, true);
        }
        if (failure instanceof TimeoutException) {
            return unknown(operation + ": no answer in time", failure);
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return DouyinCallException.retryLater(operation + ": circuit open after repeated platform failures,"
                    + " not calling Douyin for now", failure);
        }
        String message = operation + ": no usable answer (" + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + ")";
        return neverSent(failure) ? DouyinCallException.retryLater(message, failure) : unknown(message, failure);
    }

    /**
     * Failures worth another try, and the ones that count against the circuit breaker: the platform (or the
     * way to it) is unwell. Refusals and an exhausted rate budget are not: the platform answered, or the
     * wait was ours.
     */
    public static boolean isTransient(Throwable failure) {
        return failure instanceof DouyinCallException e
                && e.outcome() == PlatformOutcome.RETRY_LATER
                && !(e instanceof RateBudgetExhaustedException);
    }

    /**
     * What the circuit breaker counts: no answer, a 5xx, or a listed busy code. An unlisted code is Douyin
     * answering normally; it is retried (bounded) but does not open the circuit, which would also take the
     * replica out of readiness.
     */
    public static boolean isPlatformUnwell(Throwable failure) {
        return isTransient(failure) && (((DouyinCallException) failure).platformErrorCode() == null
                || PlatformErrorCodes.isListedTransient(((DouyinCallException) failure).platformErrorCode()));
    }

    /** Douyin refused the access token (2190002, 2190008): drop it, fetch another, try once more. */
    public static boolean isTokenRefused(Throwable failure) {
        return failure instanceof DouyinCallException e && e.outcome() == PlatformOutcome.TOKEN_INVALID;
    }

    /**
     * What the gateway may repeat inside one call: transient failures, except a request that may have been
     * applied by a non-idempotent call ({@link DouyinCallException#repeatable()}).
     */
    public static boolean isRepeatable(Throwable failure) {
        return isTransient(failure) && ((DouyinCallException) failure).repeatable();
    }

    private static DouyinCallException unknown(String message, Throwable cause) {
        return new DouyinCallException(PlatformOutcome.RETRY_LATER, message, null, null, null, cause, true, false,
                true);
    }

    /** The connection was refused: the request never left. */
    private static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static DouyinCallException refusal(String operation, PlatformOutcome outcome, long code, String description,
                                               String logId) {
        String message = operation + ": Douyin answered error " + code
                + (description == null || description.isBlank() ? "" : " (" + description + ")");
        return new DouyinCallException(outcome, message, code, logId, 200, null);
    }
}
