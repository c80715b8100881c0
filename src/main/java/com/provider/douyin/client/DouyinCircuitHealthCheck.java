package com.provider.douyin.client;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the Douyin client's circuit on {@code /q/health/ready}. It stays UP while the circuit is open on
 * purpose: taking replicas out of the load balancer because Douyin is unwell would also stop them from
 * acknowledging Douyin's own SPI callbacks and serving operators; the state is in the check's data.
 */
@Readiness
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
            CircuitBreakerState current = maintenance.currentState(DouyinGateway.CIRCUIT_BREAKER);
            state = current.name();
        } catch (IllegalArgumentException notCreatedYet) {
            state = CircuitBreakerState.CLOSED.name();
        }
        return HealthCheckResponse.named("douyin-openapi-circuit").up().withData("state", state).build();
    }
}
