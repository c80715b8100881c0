package com.provider.douyin.spi.repository;

import com.provider.douyin.spi.InboxOutcome;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;

/** One stored SPI call as operators see it; the body is shown as UTF-8 text, exactly as received. */
@RegisterForReflection
public record InboxEntry(
        long id,
        String spi,
        String logId,
        String clientKey,
        String query,
        String body,
        String businessKey,
        OffsetDateTime receivedAt,
        InboxOutcome outcome,
        int httpStatus,
        int errorCode,
        String detail) {
}
