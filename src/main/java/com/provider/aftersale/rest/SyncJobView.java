package com.provider.aftersale.rest;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;

/**
 * A queued detail sync as operators see it.
 *
 * @param clientKey    the app the job came in through (null: the primary app); it calls Douyin through that app
 * @param accountId    the account named when the job was queued; null: its app's {@code account-id}
 * @param gaveUpReason why a GAVE_UP job gave up ({@link com.provider.common.metrics.GiveUpReason}); null otherwise
 * @param requeuedBy   the operator who last queued it again after it gave up
 */
@RegisterForReflection
public record SyncJobView(
        long id,
        String orderId,
        String certificateId,
        String clientKey,
        String accountId,
        String source,
        SyncJobStatus status,
        int attempts,
        OffsetDateTime nextAttemptAt,
        OffsetDateTime lockedUntil,
        boolean rerunRequested,
        String lastError,
        Long lastErrorCode,
        String lastLogId,
        String gaveUpReason,
        String requeuedBy,
        OffsetDateTime requeuedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime finishedAt) {

    public static SyncJobView of(SyncJob job) {
        return new SyncJobView(job.id, job.orderId, job.certificateId, job.clientKey, job.accountId, job.source,
                job.status, job.attempts, job.nextAttemptAt, job.lockedUntil, job.rerunRequested, job.lastError,
                job.lastErrorCode, job.lastLogId, job.gaveUpReason, job.requeuedBy, job.requeuedAt, job.createdAt,
                job.updatedAt, job.finishedAt);
    }
}
