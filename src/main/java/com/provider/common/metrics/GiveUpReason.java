package com.provider.common.metrics;

/**
 * Why queued work (a sync job, a decision delivery) was given up: stored on its row, logged, and the
 * {@code reason} tag of {@code aftersale_queue_gave_up_total}. A closed set, so the metric stays bounded.
 */
public enum GiveUpReason {
    /** Douyin refused the call for good (bad parameter, missing authorisation or capability, business refusal). */
    PLATFORM_REFUSED,
    /** Douyin's answer was not exactly as the protocol says (an inexact number, not JSON): nothing was stored. */
    MALFORMED_ANSWER,
    /** The attempt limit was reached while no usable client token could be had (token refused or not fetched). */
    TOKEN_UNAVAILABLE,
    /** The attempt limit was reached with transient failures (busy, timeouts, outages). */
    MAX_ATTEMPTS,
    /**
     * The attempt limit was reached by claims whose outcome was never recorded: each time the lease ran out
     * (processing it kills or hangs the worker). Not claimed again, so it cannot take replicas down forever.
     */
    LEASE_EXPIRED,
    /** No merchant account id for a sync: the job names none and its app has no {@code account-id}. */
    NO_ACCOUNT,
    /** The work came in through an app (client_key) that is no longer configured. */
    UNKNOWN_APP
}
