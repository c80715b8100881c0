package com.provider.douyin.spi;

/**
 * The {@code error_code} values this service answers on its SPI endpoints. Any non-zero code makes
 * Douyin retry the same request; 100 is the platform's documented "system error, retry" code.
 */
public enum SpiErrorCode {
    SUCCESS(200, 0),
    /** The call could not be made durable (database down or slow): Douyin must retry. */
    RETRY_LATER(200, 100),
    BAD_REQUEST(400, 40000),
    BAD_SIGNATURE(401, 40100),
    NOT_FOUND(404, 40400),
    METHOD_NOT_ALLOWED(405, 40500),
    /** The body did not arrive within douyin.spi.body-read-timeout; the connection is closed. */
    BODY_TIMEOUT(408, 40800),
    BODY_TOO_LARGE(413, 41300);

    public final int httpStatus;
    public final int code;

    SpiErrorCode(int httpStatus, int code) {
        this.httpStatus = httpStatus;
        this.code = code;
    }
}
