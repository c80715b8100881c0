package com.provider.douyin.client;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Reports the Douyin client's circuit on {@code /q/health/well} (wellness: for people and alerts, never for
 * Kubernetes), DOWN while it is open; {@code aftersale_douyin_circuit_state} carries the same state as a
 * metric. It is not a readiness check on purpose: the SPI needs only PostgreSQL, and an OpenAPI outage that
 * made every replica unready would take the SPI out of the Service too.
 */
@Wellness
@ApplicationScoped
public class DouyinCircuitHealthCheck implements HealthCheck {

    private final CircuitBreakerMaintenance maintenance;

    public DouyinCircuitHealthCheck(CircuitBreakerMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public HealthCheckResponse call() {
        String state;
        try {
            state = maintenance.currentState(DouyinGateway.CIRCUIT_BREAKER).name();
        } catch (IllegalArgumentException notCreatedYet) {
            state = CircuitBreakerState.CLOSED.name();
        }
        return HealthCheckResponse.named("douyin-openapi-circuit")
                .status(!CircuitBreakerState.OPEN.name().equals(state))
                .withData("state", state)
                .build();
    }
}
