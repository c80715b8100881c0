package com.provider.douyin.client;

/**
 * A call to Douyin that did not succeed, with what the caller should do about it and everything an operator
 * needs to chase it with Douyin: the platform's error code and log id.
 */
public class DouyinCallException extends RuntimeException {

    private final PlatformOutcome outcome;
    private final Long platformErrorCode;
    private final String platformLogId;
    private final Integer httpStatus;

    public DouyinCallException(PlatformOutcome outcome, String message, Long platformErrorCode, String platformLogId,
                               Integer httpStatus, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.platformErrorCode = platformErrorCode;
        this.platformLogId = platformLogId;
        this.httpStatus = httpStatus;
    }

    public static DouyinCallException retryLater(String message, Throwable cause) {
        return new DouyinCallException(PlatformOutcome.RETRY_LATER, message, null, null, null, cause);
    }

    /** The same failure with a message that says more (e.g. how many attempts were made). */
    public DouyinCallException withMessage(String message) {
        return new DouyinCallException(outcome, message, platformErrorCode, platformLogId, httpStatus, this);
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
}
