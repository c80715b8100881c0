package com.provider.douyin.client;

/**
 * A call to Douyin that did not succeed, with what the caller should do about it and everything an operator
 * needs to chase it with Douyin: the platform's error code and log id. Two more facts steer the caller:
 * <ul>
 * <li>{@link #outcomeUnknown()}: the request may have reached Douyin and been applied (it timed out after
 * sending, a 5xx, an unreadable answer). A non-idempotent call is then not repeated inside the attempt.</li>
 * <li>{@link #tokenTrouble()}: no usable client token (the token call failed, or the token was refused even
 * after the one refresh). Transient for queued work: it retries later.</li>
 * </ul>
 */
public class DouyinCallException extends RuntimeException {

    private final PlatformOutcome outcome;
    private final Long platformErrorCode;
    private final String platformLogId;
    private final Integer httpStatus;
    private final boolean outcomeUnknown;
    private final boolean tokenTrouble;
    private final boolean repeatable;

    public DouyinCallException(PlatformOutcome outcome, String message, Long platformErrorCode, String platformLogId,
                               Integer httpStatus, Throwable cause) {
        this(outcome, message, platformErrorCode, platformLogId, httpStatus, cause, false, false, true);
    }

    DouyinCallException(PlatformOutcome outcome, String message, Long platformErrorCode, String platformLogId,
                        Integer httpStatus, Throwable cause, boolean outcomeUnknown, boolean tokenTrouble,
                        boolean repeatable) {
        super(message, cause);
        this.outcome = outcome;
        this.platformErrorCode = platformErrorCode;
        this.platformLogId = platformLogId;
        this.httpStatus = httpStatus;
        this.outcomeUnknown = outcomeUnknown;
        this.tokenTrouble = tokenTrouble;
        this.repeatable = repeatable;
    }

    public static DouyinCallException retryLater(String message, Throwable cause) {
        return new DouyinCallException(PlatformOutcome.RETRY_LATER, message, null, null, null, cause);
    }

    /** The same failure with a message that says more (e.g. how many attempts were made). */
    public DouyinCallException withMessage(String message) {
        return new DouyinCallException(outcome, message, platformErrorCode, platformLogId, httpStatus, this,
                outcomeUnknown, tokenTrouble, repeatable);
    }

    /** The same failure, marked as one whose request may have been applied by Douyin. */
    DouyinCallException asOutcomeUnknown() {
        return new DouyinCallException(outcome, getMessage(), platformErrorCode, platformLogId, httpStatus, getCause(),
                true, tokenTrouble, repeatable);
    }

    /** The same failure, as the reason a call could not get a usable token (so it was not sent, or refused). */
    DouyinCallException asTokenTrouble() {
        return new DouyinCallException(outcome, getMessage(), platformErrorCode, platformLogId, httpStatus, getCause(),
                false, true, repeatable);
    }

    /** The same failure, which must not be repeated inside this call (its request may have been applied). */
    DouyinCallException asNotRepeatable() {
        return new DouyinCallException(outcome, getMessage(), platformErrorCode, platformLogId, httpStatus, getCause(),
                outcomeUnknown, tokenTrouble, false);
    }

    public PlatformOutcome outcome() {
        return outcome;
    }

    public Long platformErrorCode() {
        return platformErrorCode;
    }

    public String platformLogId() {
        return platformLogId;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    /** The request may have reached Douyin and been applied: no answer was read that says otherwise. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    /** No usable client token: the token call failed, or Douyin refused the token even after one refresh. */
    public boolean tokenTrouble() {
        return tokenTrouble;
    }

    /** Whether the gateway may repeat the request within the same call (false for unknown outcomes of POSTs). */
    public boolean repeatable() {
        return repeatable;
    }

    /** Douyin answered (an error code or an HTTP error status), so the request was not applied. */
    public boolean answeredByPlatform() {
        return !outcomeUnknown && (platformErrorCode != null || httpStatus != null);
    }
}
