package com.provider.hotel.repository;

import com.provider.hotel.model.CancellationEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The history of cancellations after their first answer. */
@ApplicationScoped
public class CancellationEventRepository implements PanacheRepository<CancellationEvent> {

    /** A cancellation's moves in the order they happened (hotel_cancellation_event_cancel_idx). */
    public Uni<List<CancellationEvent>> history(String cancelId) {
        return list("cancelId = ?1 order by id", cancelId);
    }
}
