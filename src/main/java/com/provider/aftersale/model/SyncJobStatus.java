package com.provider.aftersale.model;

/** Life of a queued detail sync. */
public enum SyncJobStatus {
    /** Waiting for {@code next_attempt_at}. */
    QUEUED,
    /** Claimed by a worker until {@code locked_until}; claimable again once that passed (the worker died). */
    RUNNING,
    DONE,
    /** Permanent refusal, or max attempts reached: an operator has to look. */
    GAVE_UP
}
