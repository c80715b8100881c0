package com.provider.douyin.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Outbound metrics on /q/metrics: {@code aftersale_douyin_calls_seconds{api,outcome}} per HTTP exchange (the
 * token fetches are {@code api="client_token"}), {@code aftersale_douyin_retries_total{api}}, and
 * {@code aftersale_douyin_circuit_state} (0 closed, 1 half-open, 2 open).
 */
@ApplicationScoped
@Startup // the circuit gauge is published before the first call
public class DouyinMetrics {

    public static final String CLIENT_TOKEN = "client_token";
    public static final String AFTER_SALE_DETAIL = "after_sale_detail";
    public static final String CANCEL_AUDIT = "cancel_audit";

    private final MeterRegistry registry;

    public DouyinMetrics(MeterRegistry registry, CircuitBreakerMaintenance circuits) {
        this.registry = registry;
        Gauge.builder("aftersale.douyin.circuit.state", () -> circuitState(circuits))
                .description("Douyin OpenAPI circuit: 0 closed, 1 half-open, 2 open")
                .register(registry);
    }

    /** Times one HTTP exchange with Douyin and counts it under its outcome. */
    public <T> Uni<T> exchange(String api, Supplier<Uni<T>> exchange) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return exchange.get()
                    .onItem().invoke(item -> sample.stop(timer(api, PlatformOutcome.SUCCESS.name())))
                    .onFailure().invoke(failure -> sample.stop(timer(api,
                            PlatformOutcomes.fromFailure(api, failure).outcome().name())));
        });
    }

    public void retried(String api, int retries) {
        if (retries > 0) {
            Counter.builder("aftersale.douyin.retries").description("OpenAPI calls repeated after a transient failure")
                    .tags("api", api).register(registry).increment(retries);
        }
    }

    private Timer timer(String api, String outcome) {
        return Timer.builder("aftersale.douyin.calls").description("HTTP exchanges with Douyin's OpenAPI")
                .tags("api", api, "outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    private static double circuitState(CircuitBreakerMaintenance circuits) {
        try {
            CircuitBreakerState state = circuits.currentState(DouyinGateway.CIRCUIT_BREAKER);
            return switch (state) {
                case CLOSED -> 0;
                case HALF_OPEN -> 1;
                case OPEN -> 2;
            };
        } catch (IllegalArgumentException notCreatedYet) {
            return 0;
        }
    }
}
