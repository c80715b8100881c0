package com.provider.douyin.client;

/** What the caller does with an OpenAPI answer. */
public enum PlatformOutcome {
    SUCCESS,
    /** Transient: busy, too frequent, unknown error, 5xx, timeout, no answer. Retried with backoff. */
    RETRY_LATER,
    /** The access token was refused: drop it (if still current), fetch a new one, retry once. */
    TOKEN_INVALID,
    /** Retrying cannot help: missing capability or authorisation, bad parameter, business refusal. */
    PERMANENT
}
