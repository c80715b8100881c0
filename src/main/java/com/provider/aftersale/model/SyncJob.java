package com.provider.aftersale.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;

/** A queued detail sync as operators see it. */
@RegisterForReflection
public record SyncJob(
        long id,
        String orderId,
        String certificateId,
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
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime finishedAt) {
}
