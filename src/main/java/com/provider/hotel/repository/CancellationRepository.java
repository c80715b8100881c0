package com.provider.hotel.repository;

import com.provider.common.repository.Filters;
import com.provider.hotel.model.Cancellation;
import com.provider.hotel.model.CancellationStatus;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

/** Cancellations as operators read and decide them (the SPI stores them with {@link CancellationStore}). */
@ApplicationScoped
public class CancellationRepository implements PanacheRepositoryBase<Cancellation, String> {

    /**
     * Newest first, filtered by what is given only, so each filter can use its index
     * (hotel_cancellation_status_idx, hotel_cancellation_order_idx).
     */
    public PanacheQuery<Cancellation> findFiltered(CancellationStatus status, String orderId) {
        return Filters.where()
                .equal("status", status)
                .equal("orderId", orderId)
                .find(this, Sort.descending("receivedAt").and("cancelId"));
    }

    /** Waiting for an operator, the one waiting longest first (hotel_cancellation_pending_idx serves this order). */
    public PanacheQuery<Cancellation> findPendingOldestFirst() {
        return find("status", Sort.ascending("receivedAt").and("cancelId"), CancellationStatus.PENDING_AUDIT);
    }
}
