package com.provider.aftersale.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/after-sales/sync}; {@code account_id} defaults to {@code DOUYIN_ACCOUNT_ID}. */
@RegisterForReflection
public record SyncRequest(String orderId, String certificateId, String accountId) {
}
