package com.provider.douyin.spi.model;

import com.provider.douyin.spi.InboxOutcome;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One SPI call that passed the signature, as received, with its outcome and what Douyin was told (table
 * {@code spi_inbox}). Rows are written by the SPI's own SQL (in the same statement as the business rows they
 * belong to); the entity reads them for operators. Listings read {@link Summary}, which leaves the raw body out.
 */
@Entity
@Table(name = "spi_inbox")
public class InboxEntry {

    @Id
    public Long id;

    public String spi;

    @Column(name = "log_id")
    public String logId;

    @Column(name = "client_key")
    public String clientKey;

    public String query;

    /** The body as received, byte for byte. */
    public byte[] body;

    @Column(name = "business_key")
    public String businessKey;

    @Column(name = "received_at")
    public OffsetDateTime receivedAt;

    @Enumerated(EnumType.STRING)
    public InboxOutcome outcome;

    @Column(name = "http_status")
    public int httpStatus;

    @Column(name = "error_code")
    public int errorCode;

    public String detail;

    /**
     * An entry without its raw body, as listings read it (a projection: the body is never fetched). Registered for
     * reflection because Panache's {@code project()} finds its constructor and parameter names reflectively at run
     * time, which a native executable only keeps for registered classes.
     */
    @RegisterForReflection
    public record Summary(
            Long id,
            String spi,
            String logId,
            String clientKey,
            String query,
            String businessKey,
            OffsetDateTime receivedAt,
            InboxOutcome outcome,
            int httpStatus,
            int errorCode,
            String detail) {
    }
}
