package com.provider.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The decision outbox on and quick (every second, short backoffs), for tests that watch decisions reach the
 * WireMock Douyin. Shared, so the application starts once for all of them.
 */
public class FastDelivery implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hotel.audit.delivery.enabled", "true",
                "hotel.audit.delivery.every", "1s",
                // one test plays a platform outage: the shared circuit must not fail the others' deliveries
                "douyin.openapi.circuit-breaker.request-volume-threshold", "1000",
                "hotel.audit.delivery.backoff", "200ms",
                "hotel.audit.delivery.max-backoff", "400ms");
    }
}
