package com.provider.aftersale.service;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.aftersale.repository.SyncJobRepository;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/** What operators do with the sync queue: look at it, and put a job that gave up back in it. */
@ApplicationScoped
public class SyncJobService {

    private static final Logger LOG = Logger.getLogger(SyncJobService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final SyncJobRepository jobs;

    public SyncJobService(SyncJobRepository jobs) {
        this.jobs = jobs;
    }

    public Uni<PageResult<SyncJob>> list(SyncJobStatus status, String orderId, PageRequest page) {
        return jobs.list(status, orderId, page);
    }

    public Uni<java.util.Optional<SyncJob>> find(long id) {
        return jobs.find(id);
    }

    /**
     * Runs a GAVE_UP job again with fresh attempts, recording who did it. 404 for an unknown id; 409 unless the job
     * is GAVE_UP, or when another pending job already covers its order and certificate.
     */
    public Uni<SyncJob> requeue(long id, String operator) {
        return jobs.requeue(id, operator)
                .onFailure(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState()))
                .transform(raced -> new ClientErrorException("sync job " + id + " was not queued again: a job for "
                        + "the same order and certificate was queued at the same moment", Response.Status.CONFLICT))
                .flatMap(outcome -> {
                    if (!outcome.requeued()) {
                        if (outcome.statusBefore() == null) {
                            throw new NotFoundException("no sync job " + id);
                        }
                        throw new ClientErrorException(outcome.coveringJobId() != null
                                && outcome.statusBefore() == SyncJobStatus.GAVE_UP
                                ? "sync job " + id + " was not queued again: job " + outcome.coveringJobId()
                                + " is already pending for the same order and certificate"
                                : "sync job " + id + " is " + outcome.statusBefore()
                                + "; only a GAVE_UP job can be queued again", Response.Status.CONFLICT);
                    }
                    LOG.infof("sync job %d queued again by %s", id, operator);
                    return jobs.find(id).map(job -> job.orElseThrow());
                });
    }
}
