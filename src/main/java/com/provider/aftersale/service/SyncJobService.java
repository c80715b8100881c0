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
import io.vertx.pgclient.PgException;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/** What operators see and do of the sync queue. */
@ApplicationScoped
public class SyncJobService {

    private static final Logger LOG = Logger.getLogger(SyncJobService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final SyncJobRepository jobs;

    public SyncJobService(SyncJobRepository jobs) {
        this.jobs = jobs;
    }

    /** A page of jobs, newest first. */
    @WithSession
    public Uni<PageResult<SyncJob>> list(SyncJobStatus status, String orderId, PageRequest page) {
        return Pages.read(jobs.findFiltered(status, orderId), page);
    }

    /** One job, or null. */
    @WithSession
    public Uni<SyncJob> find(long id) {
        return jobs.findById(id);
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

    /**
     * {@link #requeue} as operators ask for it (the API and the console alike): the job queued again, else 404 for an
     * unknown id and 409 for a job that is not GAVE_UP or whose order and certificate another pending job covers.
     * The race is caught here, outside {@link #requeue}'s transaction: its commit is what the pending-work index
     * refuses (Quarkus intercepts a bean's calls to itself, so the transaction ends before this sees the failure).
     */
    public Uni<SyncJob> requeueOrRefuse(long id, String operator) {
        return requeue(id, operator)
                .onFailure(SyncJobService::isUniqueViolation)
                .transform(raced -> new ClientErrorException("sync job " + id + " was not queued again: a job for "
                        + "the same order and certificate was queued at the same moment", Response.Status.CONFLICT))
                .map(outcome -> {
                    if (outcome.job() == null) {
                        throw new NotFoundException("no sync job " + id);
                    }
                    if (!outcome.requeued()) {
                        throw new ClientErrorException(outcome.coveringJobId() != null
                                ? "sync job " + id + " was not queued again: job " + outcome.coveringJobId()
                                + " is already pending for the same order and certificate"
                                : "sync job " + id + " is " + outcome.job().status
                                + "; only a GAVE_UP job can be queued again", Response.Status.CONFLICT);
                    }
                    LOG.infof("sync job %d queued again by %s", id, operator);
                    return outcome.job();
                });
    }

    /** The pending-work index refused the change: another pending job for the same order and certificate. */
    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
