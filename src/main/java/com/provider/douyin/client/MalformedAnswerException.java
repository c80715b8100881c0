package com.provider.douyin.client;

/**
 * Douyin's answer could not be read exactly (see {@link DouyinAnswerReader}); carries the log id read from the
 * raw answer. {@link PlatformOutcomes#fromFailure} turns it into a {@link PlatformOutcome#MALFORMED} failure.
 */
class MalformedAnswerException extends RuntimeException {

    private final String platformLogId;

    MalformedAnswerException(String message, String platformLogId, Throwable cause) {
        super(message, cause);
        this.platformLogId = platformLogId;
    }

    String platformLogId() {
        return platformLogId;
    }
}
