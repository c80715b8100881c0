package com.provider.aftersale.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What one detail query stored. {@code has_more}/{@code cursor} are Douyin's: the query takes no cursor, so a
 * {@code has_more} answer is reported (here, on each order it stored, in a metric and a log line) rather than
 * followed.
 */
@RegisterForReflection
public record SyncResultView(String orderId, String certificateId, String accountId, String platformLogId,
                           Boolean hasMore, String cursor, List<AfterSaleOrderView> afterSaleOrders) {
}
