package com.provider.douyin.spi.model;

import com.provider.douyin.spi.InboxOutcome;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One SPI call that passed the signature, as received, with its outcome and what Douyin was told (table
 * {@code spi_inbox}). Rows are written by the SPI's own SQL (in the same statement as the business rows they
 * belong to); the entity reads them for operators. The raw body is loaded only for the one entry that shows it.
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

    @Basic(fetch = FetchType.LAZY)
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
}
