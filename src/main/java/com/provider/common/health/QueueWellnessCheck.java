package com.provider.common.health;

import com.provider.common.metrics.QueueMetrics;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Duration;

/**
 * The durable work queues on {@code /q/health/well} (wellness: for people and alerts, never for Kubernetes):
 * their depth and the age of their oldest item as last read by {@link QueueMetrics} (no query of its own), DOWN
 * while something has waited longer than {@code aftersale.wellness.queue-max-age}.
 */
@Wellness
@ApplicationScoped
public class QueueWellnessCheck implements HealthCheck {

    private final QueueMetrics queues;
    private final Duration maxAge;

    public QueueWellnessCheck(QueueMetrics queues,
            @ConfigProperty(name = "aftersale.wellness.queue-max-age", defaultValue = "1h") Duration maxAge) {
        this.queues = queues;
        this.maxAge = maxAge;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("queues").up();
        queues.lastRead().forEach((queue, figures) -> {
            response.withData(queue + ".depth", figures[0]).withData(queue + ".oldest_age_seconds", figures[1]);
            if (figures[1] > maxAge.toSeconds()) {
                response.down();
            }
        });
        return response.build();
    }
}
