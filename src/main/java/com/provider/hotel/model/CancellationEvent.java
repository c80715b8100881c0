package com.provider.hotel.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One move of a cancellation after its first answer: who moved it to which status, when and why. Besides the
 * {@link CancellationStatus} values, the delivery writes {@code DELIVERY_FAILED}, {@code DELIVERY_UNKNOWN} and
 * {@code DELIVERY_REQUEUED}.
 */
@Entity
@Table(name = "hotel_cancellation_event")
public class CancellationEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "cancel_id")
    public String cancelId;

    /** Set by the database. */
    @Column(insertable = false, updatable = false)
    public OffsetDateTime at;

    public String status;

    public String actor;

    public String note;

    public static CancellationEvent of(String cancelId, String status, String actor, String note) {
        CancellationEvent event = new CancellationEvent();
        event.cancelId = cancelId;
        event.status = status;
        event.actor = actor;
        event.note = note;
        return event;
    }
}
