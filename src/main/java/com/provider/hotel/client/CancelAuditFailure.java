package com.provider.hotel.client;

/**
 * A decision Douyin did not accept, with its log id. {@code permanent}: Douyin refused it for good (bad
 * parameter, business refusal), so retrying the same call cannot help; otherwise it is worth a retry.
 */
public class CancelAuditFailure extends RuntimeException {

    private final String platformLogId;
    private final boolean permanent;

    public CancelAuditFailure(String message, String platformLogId, boolean permanent, Throwable cause) {
        super(message, cause);
        this.platformLogId = platformLogId;
        this.permanent = permanent;
    }

    public String platformLogId() {
        return platformLogId;
    }

    public boolean permanent() {
        return permanent;
    }
}
