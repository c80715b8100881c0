package com.provider.aftersale.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A queued after-sale detail sync (table {@code after_sale_sync_job}) as operators read and requeue it. The queue's
 * own moves (queueing, claims under a lease, each attempt's outcome) are SQL statements of
 * {@link com.provider.aftersale.repository.SyncJobQueue}.
 */
@Entity
@Table(name = "after_sale_sync_job")
public class SyncJob {

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

    /** Why a GAVE_UP job gave up, a {@link com.provider.common.metrics.GiveUpReason} name; null otherwise. */
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

    /** An operator queues a GAVE_UP job again, with fresh attempts. */
    public void requeue(String operator) {
        OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
        status = SyncJobStatus.QUEUED;
        attempts = 0;
        gaveUpReason = null;
        finishedAt = null;
        rerunRequested = false;
        nextAttemptAt = now;
        requeuedBy = operator;
        requeuedAt = now;
        updatedAt = now;
    }
}
