package com.provider.hotel.repository;

import com.provider.hotel.model.AuditDecision;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Operators' decisions on cancellations, with their delivery (the outbox worker uses {@link DecisionOutbox}). */
@ApplicationScoped
public class AuditDecisionRepository implements PanacheRepositoryBase<AuditDecision, String> {
}
