package com.provider.douyin.client;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import com.provider.douyin.config.DouyinOpenApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the Douyin client's circuit on {@code /q/health/ready}: DOWN while it is open, as the contract
 * asks. Because that also takes the replica out of the Service, and so stops it acknowledging Douyin's own
 * SPI callbacks, {@code douyin.openapi.circuit-breaker.affects-readiness=false} keeps it UP and only reports
 * the state. Half-open counts as ready: the trial call must be able to run.
 */
@Readiness
@ApplicationScoped
public class DouyinCircuitHealthCheck implements HealthCheck {

    private final CircuitBreakerMaintenance maintenance;
    private final boolean affectsReadiness;

    public DouyinCircuitHealthCheck(CircuitBreakerMaintenance maintenance, DouyinOpenApiConfig config) {
        this.maintenance = maintenance;
        this.affectsReadiness = config.circuitBreaker().affectsReadiness();
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
        boolean ready = !affectsReadiness || !CircuitBreakerState.OPEN.name().equals(state);
        return HealthCheckResponse.named("douyin-openapi-circuit").status(ready).withData("state", state).build();
    }
}
