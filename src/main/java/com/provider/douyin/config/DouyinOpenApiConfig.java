package com.provider.douyin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the service calls Douyin's OpenAPI ({@code douyin.api-url}): timeouts, retries, circuit breaker,
 * the shared rate budget and the shared client token. Defaults suit production; tests shrink them.
 */
@ConfigMapping(prefix = "douyin.openapi")
public interface DouyinOpenApiConfig {

    /** Longest wait for one HTTP exchange with Douyin (the detail API's p99 is 1 s). */
    @WithDefault("3s")
    Duration callTimeout();

    Retry retry();

    CircuitBreaker circuitBreaker();

    RateLimit rateLimit();

    Token token();

    interface Retry {
        /** Retries after the first attempt, for transient outcomes only (busy, too frequent, unknown, 5xx, timeout). */
        @WithDefault("3")
        int maxRetries();

        /** First backoff; doubles on each retry up to {@link #maxDelay()}. */
        @WithDefault("200ms")
        Duration delay();

        @WithDefault("2s")
        Duration maxDelay();

        /** Random spread added to or taken from each backoff so replicas do not retry in step. */
        @WithDefault("100ms")
        Duration jitter();
    }

    interface CircuitBreaker {
        /** Size of the rolling window of calls the failure ratio is computed over. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** Share of transient failures in the window that opens the circuit. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the circuit stays open before a trial call is let through. */
        @WithDefault("10s")
        Duration delay();

        /** Successful trial calls that close the circuit again. */
        @WithDefault("1")
        int successThreshold();
    }

    interface RateLimit {
        /**
         * Calls per rolling second per app, shared by every replica through PostgreSQL. Set it to the app's
         * platform quota (10 QPS), not divided by the number of replicas.
         */
        @WithDefault("10")
        int perSecond();

        /**
         * Added to the one-second pause between the end of a call and the next call on its slot, against
         * clock granularity at Douyin's end.
         */
        @WithDefault("50ms")
        Duration safetyMargin();

        /** Longest a call waits for a slot before it fails with "rate budget exhausted". */
        @WithDefault("30s")
        Duration maxWait();
    }

    interface Token {
        /** A token this close to its expiry is replaced (by one replica) before anyone uses it. */
        @WithDefault("20m")
        Duration refreshMargin();

        /**
         * How long a replica trusts its in-memory copy before re-reading the shared row. Must stay well under
         * 5 minutes: a newer token invalidates the previous one 5 minutes after it is fetched.
         */
        @WithDefault("60s")
        Duration memoryTtl();

        /** How long a replica waits, re-reading the row, while another replica fetches the token. */
        @WithDefault("10s")
        Duration lockWait();

        /** Pause between two re-reads while another replica holds the fetch lock. */
        @WithDefault("100ms")
        Duration lockPoll();
    }
}
