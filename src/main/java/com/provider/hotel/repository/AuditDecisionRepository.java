package com.provider.hotel.repository;

import com.provider.common.repository.Filters;
import com.provider.hotel.model.AuditDecision;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

/** Operators' decisions on cancellations, with their delivery (the outbox worker uses {@link DecisionOutbox}). */
@ApplicationScoped
public class AuditDecisionRepository implements PanacheRepositoryBase<AuditDecision, String> {

    /** Newest decision first; all of them, or only those whose delivery is {@code delivery} when given. */
    public PanacheQuery<AuditDecision> findByDelivery(AuditDecision.DeliveryStatus delivery) {
        return Filters.where()
                .equal("deliveryStatus", delivery)
                .find(this, Sort.descending("decidedAt").and("cancelId"));
    }
}
