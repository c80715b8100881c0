package com.provider.douyin.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of the hotel cancel-audit call (PROTOCOL.md 2b). The platform spells {@code cancel_Id} with a capital I
 * (field names from its generated Go SDK), so that one name is given explicitly.
 *
 * @param cancelResult 1 agree, 2 reject
 * @param reason       required when rejecting
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancelAuditRequest(
        @JsonProperty("cancel_Id") String cancelId,
        @JsonProperty("order_id") String orderId,
        @JsonProperty("cancel_type") int cancelType,
        @JsonProperty("cancel_result") int cancelResult,
        @JsonProperty("reason") String reason) {
}
