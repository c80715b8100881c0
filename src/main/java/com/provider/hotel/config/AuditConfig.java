package com.provider.hotel.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Operator audits of cancellations answered cancel_mode 2, and their delivery to Douyin. */
@ConfigMapping(prefix = "hotel.audit")
public interface AuditConfig {

    enum Result {
        AGREE, REJECT
    }

    /**
     * How long a cancellation may wait for an operator before {@link #defaultResult()} decides it.
     * Off unless set (e.g. {@code hotel.audit.deadline=30M}).
     */
    Optional<Duration> deadline();

    /** The decision taken when the deadline passes. */
    @WithDefault("agree")
    Result defaultResult();

    /** Reason sent with a deadline rejection. */
    @WithDefault("No decision was made in time")
    String defaultReason();

    Delivery delivery();

    interface Delivery {
        /** Off only to hold decisions in the outbox (tests, maintenance); they are sent once it is on again. */
        @WithDefault("true")
        boolean enabled();

        /** How often due deliveries and overdue cancellations are looked for. */
        @WithDefault("2s")
        Duration every();

        /** Deliveries sent per round and replica, one claim at a time. */
        @WithDefault("20")
        int batch();

        /**
         * How long a claimed delivery is held before another replica may retry it: longer than one send with
         * all its retries and waits for the rate budget.
         */
        @WithDefault("5m")
        Duration lease();

        /**
         * Douyin error codes that mean "this cancellation was already decided" (say, by an earlier attempt that
         * timed out after Douyin applied it): such an answer marks the delivery SENT with a note, not FAILED.
         * None is known for sure, so none by default.
         */
        Optional<Set<Long>> alreadyDecidedCodes();

        /**
         * Attempts before a decision is given up (FAILED, visible to operators). Counted when an attempt is
         * claimed, so a decision whose sending kills the worker stops here too.
         */
        @WithDefault("50")
        int maxAttempts();

        /** First retry delay after a failed delivery; doubles per attempt up to {@link #maxBackoff()}. */
        @WithDefault("5s")
        Duration backoff();

        @WithDefault("15m")
        Duration maxBackoff();
    }
}
