package com.provider.douyin.spi;

/** What became of an SPI call that passed the signature check. */
public enum InboxOutcome {
    /** First delivery, applied. */
    HANDLED,
    /** Redelivery of a call already applied; answered as the first time, nothing written. */
    DUPLICATE,
    /** Redelivery whose body differs from the first delivery's; answered as the first time. */
    DUPLICATE_CONFLICT,
    /** Refused with 400: not JSON, or a field missing or of the wrong type. */
    REJECTED,
    /** Failed inside the service; answered error_code 100 so Douyin retries. */
    FAILED
}
