package com.provider.aftersale.service;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.aftersale.repository.SyncJobRepository;
import com.provider.common.repository.Pages;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** What operators see and do of the sync queue. */
@ApplicationScoped
public class SyncJobService {

    private final SyncJobRepository jobs;

    public SyncJobService(SyncJobRepository jobs) {
        this.jobs = jobs;
    }

    /** A page of jobs, newest first. */
    @WithSession
    public Uni<PageResult<SyncJob>> list(SyncJobStatus status, String orderId, PageRequest page) {
        return Pages.read(jobs.findFiltered(status, orderId), page);
    }

    /**
     * What {@link #requeue} found: the job queued again, or why not: no such job ({@code job} null), a job that is not
     * GAVE_UP, or another pending job for the same order and certificate ({@code coveringJobId}).
     */
    public record RequeueOutcome(SyncJob job, boolean requeued, Long coveringJobId) {
    }

    /**
     * Puts a GAVE_UP job back in the queue with fresh attempts, recording who did it. A job for the same order and
     * certificate queued at the same moment makes the commit fail on the pending-work index.
     */
    @WithTransaction
    public Uni<RequeueOutcome> requeue(long id, String operator) {
        return jobs.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(job -> {
            if (job == null || job.status != SyncJobStatus.GAVE_UP) {
                return Uni.createFrom().item(new RequeueOutcome(job, false, null));
            }
            return jobs.findPendingLike(job).map(covering -> {
                if (covering != null) {
                    return new RequeueOutcome(job, false, covering.id);
                }
                job.requeue(operator);
                return new RequeueOutcome(job, true, null);
            });
        });
    }
}
