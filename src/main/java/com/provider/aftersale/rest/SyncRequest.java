package com.provider.aftersale.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /api/after-sales/sync}. {@code client_key} picks the app the query goes through (its token,
 * its rate budget; default the primary app); {@code account_id} defaults to that app's account-id.
 */
@RegisterForReflection
public record SyncRequest(String orderId, String certificateId, String accountId, String clientKey) {
}
