package com.provider.hotel.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of {@code refund_order_detail}: a room type's nights and the refund asked for each. Dates kept as sent.
 * Douyin's field names, also in the JSON array the cancellation row stores ({@link RefundNightsJson}).
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RefundNight(
        String ratePlanId,
        long dailyRefundAmount,
        String periodStartDate,
        String periodEndDate,
        String periodStartTime,
        String periodEndTime) {
}
