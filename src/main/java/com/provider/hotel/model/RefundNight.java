package com.provider.hotel.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of {@code refund_order_detail}: a room type's nights and the refund asked for each. Dates kept as sent. */
@RegisterForReflection
public record RefundNight(
        String ratePlanId,
        long dailyRefundAmount,
        String periodStartDate,
        String periodEndDate,
        String periodStartTime,
        String periodEndTime) {
}
