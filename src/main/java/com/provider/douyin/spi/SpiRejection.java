package com.provider.douyin.spi;

/** A call refused before it reached a handler: bad signature, bad body, too large. Carries its answer. */
public final class SpiRejection extends RuntimeException {

    private final SpiErrorCode errorCode;

    public SpiRejection(SpiErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public static SpiRejection badRequest(String message) {
        return new SpiRejection(SpiErrorCode.BAD_REQUEST, message);
    }

    public static SpiRejection badSignature(String message) {
        return new SpiRejection(SpiErrorCode.BAD_SIGNATURE, message);
    }

    public SpiErrorCode errorCode() {
        return errorCode;
    }

    public SpiAnswer answer() {
        return SpiAnswer.error(errorCode, getMessage());
    }
}
