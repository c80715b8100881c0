package com.provider.douyin.spi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Callback metrics, beside the JVM and HTTP ones on /q/metrics:
 * {@code aftersale_spi_callbacks_total{spi,outcome}}, {@code aftersale_spi_signature_failures_total{spi}}
 * and {@code aftersale_spi_answer_seconds{spi}} (a histogram, so p99 can be computed per SPI).
 */
@ApplicationScoped
public class SpiMetrics {

    /** Outcomes besides the inbox ones: refused before being stored, or answered 100 without being stored. */
    public static final String UNAUTHORIZED = "UNAUTHORIZED";
    public static final String TOO_LARGE = "TOO_LARGE";
    public static final String NOT_DURABLE = "NOT_DURABLE";
    /** Answered error_code 100 at once, unread, because the SPI bodies in memory were at their bound. */
    public static final String OVERLOADED = "OVERLOADED";
    /** The body did not arrive in time: answered 408. */
    public static final String BODY_TIMEOUT = "BODY_TIMEOUT";

    private final MeterRegistry registry;

    public SpiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void answered(String spi, String outcome, long startedNanos) {
        Counter.builder("aftersale.spi.callbacks")
                .description("SPI callbacks by type and outcome")
                .tags("spi", spi, "outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("aftersale.spi.answer")
                .description("Time to answer an SPI callback")
                .tags("spi", spi)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    public void signatureFailed(String spi) {
        Counter.builder("aftersale.spi.signature.failures")
                .description("SPI calls refused for a missing or wrong signature or an unknown client_key")
                .tags("spi", spi)
                .register(registry)
                .increment();
    }
}
