package com.provider.aftersale.model;

/** Life of a queued detail sync. */
public enum SyncJobStatus {
    /** Waiting for {@code next_attempt_at}. */
    QUEUED,
    /** Claimed by a worker until {@code locked_until}; claimable again once that passed (the worker died). */
    RUNNING,
    DONE,
    /**
     * Permanent refusal, max attempts reached, or abandoned by every worker that claimed it: an operator has to
     * look ({@code gave_up_reason}), and may queue it again ({@code POST /api/after-sales/sync-jobs/{id}/requeue}).
     */
    GAVE_UP
}
