package com.provider.douyin.client;

/** What the caller does with an OpenAPI answer. */
public enum PlatformOutcome {
    SUCCESS,
    /** Transient: busy, too frequent, unknown error, 5xx, timeout, no answer. Retried with backoff. */
    RETRY_LATER,
    /** The access token was refused: drop it (if still current), fetch a new one, retry once. */
    TOKEN_INVALID,
    /** Retrying cannot help: missing capability or authorisation, bad parameter, business refusal. */
    PERMANENT,
    /**
     * Douyin answered, but not exactly as the protocol says (not JSON, a float or a mistyped value where an integer
     * belongs): nothing from the answer is used or stored. Not repeated inside the call.
     */
    MALFORMED
}
