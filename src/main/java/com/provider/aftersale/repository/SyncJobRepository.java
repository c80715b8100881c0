package com.provider.aftersale.repository;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.common.repository.Filters;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Sync jobs as operators read and requeue them (workers drive the queue with {@link SyncJobQueue}). */
@ApplicationScoped
public class SyncJobRepository implements PanacheRepositoryBase<SyncJob, Long> {

    private static final List<SyncJobStatus> PENDING = List.of(SyncJobStatus.QUEUED, SyncJobStatus.RUNNING);

    /**
     * Newest first, filtered by what is given only, so each filter can use its index (after_sale_sync_job_status_idx,
     * after_sale_sync_job_order_idx).
     */
    public PanacheQuery<SyncJob> findFiltered(SyncJobStatus status, String orderId) {
        return Filters.where()
                .equal("status", status)
                .equal("orderId", orderId)
                .find(this, Sort.descending("id"));
    }

    /** The pending job for the order and certificate of {@code job}, other than it, if there is one. */
    public Uni<SyncJob> findPendingLike(SyncJob job) {
        // the expression of the pending-work index (after_sale_sync_job_pending_uq), which allows one such job
        return find("orderId = ?1 and coalesce(certificateId, '') = ?2 and status in ?3 and id <> ?4", job.orderId,
                job.certificateId == null ? "" : job.certificateId, PENDING, job.id).firstResult();
    }
}
