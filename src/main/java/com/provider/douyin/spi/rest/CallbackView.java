package com.provider.douyin.spi.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.model.InboxEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * One stored SPI call as operators see it. The raw body, shown as UTF-8 text exactly as received, is in the one
 * entry only ({@code GET /api/callbacks/{id}}), never in a listing.
 */
@RegisterForReflection
public record CallbackView(
        long id,
        String spi,
        String logId,
        String clientKey,
        String query,
        @JsonInclude(JsonInclude.Include.NON_NULL) String body,
        String businessKey,
        OffsetDateTime receivedAt,
        InboxOutcome outcome,
        int httpStatus,
        int errorCode,
        String detail) {

    public static CallbackView summary(InboxEntry.Summary e) {
        return new CallbackView(e.id(), e.spi(), e.logId(), e.clientKey(), e.query(), null, e.businessKey(),
                e.receivedAt(), e.outcome(), e.httpStatus(), e.errorCode(), e.detail());
    }

    public static CallbackView withBody(InboxEntry e) {
        return new CallbackView(e.id, e.spi, e.logId, e.clientKey, e.query,
                new String(e.body, StandardCharsets.UTF_8), e.businessKey, e.receivedAt, e.outcome, e.httpStatus,
                e.errorCode, e.detail);
    }
}
