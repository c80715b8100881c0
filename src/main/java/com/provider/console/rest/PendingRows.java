package com.provider.console.rest;

import com.provider.hotel.config.AuditConfig;
import com.provider.hotel.rest.CancellationView;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;

/** Rows of cancellations waiting for a decision, with the time left before the audit deadline decides them. */
@ApplicationScoped
public class PendingRows {

    /**
     * @param minutesLeft   whole minutes (rounded up) until the deadline decides it; null without a deadline
     * @param defaultResult what the deadline decides: agree or reject
     * @param error         why the last attempt to decide it was refused, shown in the row
     * @param reason        the reason typed with that attempt, kept in the form
     */
    @TemplateData
    public record Row(CancellationView cancellation, Long minutesLeft, boolean overdue, String defaultResult,
                      String error, String reason) {
    }

    private final AuditConfig audit;

    public PendingRows(AuditConfig audit) {
        this.audit = audit;
    }

    public Row of(CancellationView c, String error, String reason) {
        String defaultResult = audit.defaultResult().name().toLowerCase(Locale.ROOT);
        if (audit.deadline().isEmpty() || c.receivedAt() == null) {
            return new Row(c, null, false, defaultResult, error, reason);
        }
        Duration left = Duration.between(OffsetDateTime.now(), c.receivedAt().plus(audit.deadline().get()));
        long minutes = Math.max(0, (left.toSeconds() + 59) / 60);
        return new Row(c, minutes, left.isNegative() || left.isZero(), defaultResult, error, reason);
    }
}
