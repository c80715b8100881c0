package com.provider.hotel.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer given to a cancel-order call, stored with the cancellation so every redelivery gets it again.
 *
 * @param cancelMode      1 synchronous (the answer carries the result), 2 asynchronous (an operator decides later)
 * @param cancelResult    1 agree, 2 reject; only with cancel_mode 1
 * @param refundFeeAmount fee kept by the provider, fen; null for none
 * @param reason          required when rejecting
 * @param rule            which policy rule decided, for operators
 */
@RegisterForReflection
public record CancelDecision(
        CancellationStatus status,
        int cancelMode,
        Integer cancelResult,
        Long refundFeeAmount,
        String reason,
        String rule) {

    public static final int MODE_SYNC = 1;
    public static final int MODE_ASYNC = 2;
    public static final int RESULT_AGREE = 1;
    public static final int RESULT_REJECT = 2;

    /** The fields this decision adds to the SPI answer's {@code data}. */
    public Map<String, Object> answerFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cancel_mode", cancelMode);
        fields.put("cancel_result", cancelResult);
        fields.put("refund_fee_amount", refundFeeAmount);
        fields.put("reason", reason);
        return fields;
    }
}
