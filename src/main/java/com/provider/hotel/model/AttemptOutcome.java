package com.provider.hotel.model;

/** How the last attempt to deliver a decision to Douyin ended ({@code audit.last_attempt_outcome}). */
public enum AttemptOutcome {
    /** Douyin accepted the decision. */
    ACCEPTED,
    /** Douyin answered a code listed in {@code hotel.audit.delivery.already-decided-codes}: counted as delivered. */
    ALREADY_DECIDED,
    /** Douyin answered with an error: the decision was not applied by this attempt. */
    REFUSED,
    /** The decision never left: no token, no rate slot, circuit open, connection refused. */
    NOT_SENT,
    /**
     * Sent, but no usable answer came back (timed out after sending, 5xx, unreadable answer, or the worker died
     * holding it): Douyin may have applied it. The next attempt sends it again, once.
     */
    UNKNOWN
}
