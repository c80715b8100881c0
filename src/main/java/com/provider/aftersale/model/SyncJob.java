package com.provider.aftersale.model;

import com.provider.common.metrics.GiveUpReason;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A queued after-sale detail sync (table {@code after_sale_sync_job}). Jobs are queued and claimed by SQL
 * ({@link com.provider.aftersale.repository.SyncJobRepository}); a worker that claimed one holds it under a lease
 * ({@link #leaseToken}, {@link #lockedUntil}) and records its outcome here only while the lease is still its own.
 */
@Entity
@Table(name = "after_sale_sync_job")
public class SyncJob extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "order_id")
    public String orderId;

    /** Null: the whole order. */
    @Column(name = "certificate_id")
    public String certificateId;

    /** The app the job came in through (null: the primary app); it calls Douyin through that app. */
    @Column(name = "client_key")
    public String clientKey;

    /** The account named when the job was queued; null: its app's {@code account-id}. */
    @Column(name = "account_id")
    public String accountId;

    /** What queued it. */
    public String source;

    @Enumerated(EnumType.STRING)
    public SyncJobStatus status;

    /** Claims so far (counted when claimed, so a claim whose worker dies still counts). */
    public int attempts;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Column(name = "locked_until")
    public OffsetDateTime lockedUntil;

    @Column(name = "lease_token")
    public UUID leaseToken;

    /** Queued again while running: it runs once more afterwards (the running query may predate the change). */
    @Column(name = "rerun_requested")
    public boolean rerunRequested;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_error_code")
    public Long lastErrorCode;

    @Column(name = "last_log_id")
    public String lastLogId;

    /** Why a GAVE_UP job gave up, a {@link GiveUpReason} name; null otherwise. */
    @Column(name = "gave_up_reason")
    public String gaveUpReason;

    /** The operator who last queued it again after it gave up, and when. */
    @Column(name = "requeued_by")
    public String requeuedBy;

    @Column(name = "requeued_at")
    public OffsetDateTime requeuedAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    /** True while the claim that handed out {@code lease} is still the job's current one. */
    public boolean isLeasedTo(UUID lease) {
        return status == SyncJobStatus.RUNNING && lease != null && lease.equals(leaseToken);
    }

    /** The sync succeeded: DONE, or straight back in the queue with fresh attempts if it was asked to rerun. */
    public void succeeded() {
        OffsetDateTime now = now();
        if (rerunRequested) {
            backInQueue();
        } else {
            status = SyncJobStatus.DONE;
            finishedAt = now;
        }
        nextAttemptAt = now;
        release(now);
    }

    /**
     * The sync failed: GAVE_UP at once with {@code giveUpNow} (a permanent refusal), or with {@code whenExhausted}
     * once {@code maxAttempts} claims were spent; otherwise queued again after {@code backoff}. A job asked to rerun
     * is queued again at once with fresh attempts whatever the failure: the new work deserves its own tries.
     */
    public void failed(GiveUpReason giveUpNow, int maxAttempts, Duration backoff, GiveUpReason whenExhausted,
                       String error, Long errorCode, String logId) {
        OffsetDateTime now = now();
        if (rerunRequested) {
            backInQueue();
        } else if (giveUpNow != null || attempts >= maxAttempts) {
            status = SyncJobStatus.GAVE_UP;
            gaveUpReason = (giveUpNow != null ? giveUpNow : whenExhausted).name();
            finishedAt = now;
        } else {
            status = SyncJobStatus.QUEUED;
            gaveUpReason = null;
            finishedAt = null;
        }
        nextAttemptAt = now.plus(backoff);
        lastError = error;
        lastErrorCode = errorCode;
        lastLogId = logId;
        release(now);
    }

    /** An operator queues a GAVE_UP job again, with fresh attempts. */
    public void requeue(String operator) {
        OffsetDateTime now = now();
        backInQueue();
        nextAttemptAt = now;
        requeuedBy = operator;
        requeuedAt = now;
        updatedAt = now;
    }

    private void backInQueue() {
        status = SyncJobStatus.QUEUED;
        attempts = 0;
        gaveUpReason = null;
        finishedAt = null;
        rerunRequested = false;
    }

    private void release(OffsetDateTime now) {
        rerunRequested = false;
        lockedUntil = null;
        leaseToken = null;
        updatedAt = now;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
    }
}
