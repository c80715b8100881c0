package com.provider.douyin.spi.repository;

import com.provider.common.repository.Filters;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.model.InboxEntry;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

/** The inbox as operators read it (the SPI stores calls with {@link InboxStore}). */
@ApplicationScoped
public class InboxEntryRepository implements PanacheRepository<InboxEntry> {

    /**
     * Newest first, without raw bodies, filtered by what is given only, so each filter can use its index
     * (spi_inbox_outcome_idx, spi_inbox_business_key_idx, spi_inbox_log_id_idx). {@code from} and {@code to}, when
     * given, bound the time received: from included, to not.
     */
    public PanacheQuery<InboxEntry.Summary> findFiltered(InboxOutcome outcome, String businessKey, String logId,
                                                         OffsetDateTime from, OffsetDateTime to) {
        return Filters.where()
                .equal("outcome", outcome)
                .equal("businessKey", businessKey)
                .equal("logId", logId)
                .satisfying("receivedAt >= :value", from)
                .satisfying("receivedAt < :value", to)
                .find(this, Sort.descending("id"))
                .project(InboxEntry.Summary.class);
    }
}
