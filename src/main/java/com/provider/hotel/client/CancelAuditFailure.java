package com.provider.hotel.client;

/** A decision Douyin did not accept, with what is known about the attempt and Douyin's code and log id. */
public class CancelAuditFailure extends RuntimeException {

    /** What became of the attempt. */
    public enum Kind {
        /** Douyin refused it for good (bad parameter, business refusal): retrying the same call cannot help. */
        REFUSED,
        /** Douyin answered with an error worth a retry (busy, too frequent): not applied. */
        RETRY,
        /** No usable client token (refused after one refresh, token endpoint failing): not applied. */
        TOKEN,
        /** Sent, but no usable answer (timed out after sending, 5xx, unreadable): Douyin may have applied it. */
        UNKNOWN,
        /** Never sent: no rate slot in time, circuit open, connection refused. */
        NOT_SENT,
        /** The cancellation came in through an app that is not configured: no token to send it with. */
        UNKNOWN_APP
    }

    private final Kind kind;
    private final Long platformErrorCode;
    private final String platformLogId;

    public CancelAuditFailure(String message, Kind kind, Long platformErrorCode, String platformLogId,
                              Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.platformErrorCode = platformErrorCode;
        this.platformLogId = platformLogId;
    }

    public Kind kind() {
        return kind;
    }

    public Long platformErrorCode() {
        return platformErrorCode;
    }

    public String platformLogId() {
        return platformLogId;
    }

    /** Retrying the same call cannot help. */
    public boolean permanent() {
        return kind == Kind.REFUSED || kind == Kind.UNKNOWN_APP;
    }
}
