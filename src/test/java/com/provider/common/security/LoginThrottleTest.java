package com.provider.common.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throttle's own rules, on a clock the test moves: window, block, reset, and bounded memory. */
class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final LoginThrottle throttle =
            new LoginThrottle(3, Duration.ofMinutes(1), Duration.ofMinutes(5), 100, now::get);

    @Test
    void theThirdFailureWithinTheWindowBlocksTheAddressForTheBlockTime() {
        assertFalse(throttle.failed("10.0.0.1"));
        assertFalse(throttle.failed("10.0.0.1"));
        assertTrue(throttle.failed("10.0.0.1"));
        assertEquals(Duration.ofMinutes(5), throttle.blockedFor("10.0.0.1").orElseThrow());
        assertTrue(throttle.blockedFor("10.0.0.2").isEmpty(), "other addresses are not affected");

        now.addAndGet(Duration.ofMinutes(4).toNanos());
        throttle.succeeded("10.0.0.1"); // a success does not lift a block
        assertEquals(Duration.ofMinutes(1), throttle.blockedFor("10.0.0.1").orElseThrow());
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertTrue(throttle.blockedFor("10.0.0.1").isEmpty());
    }

    @Test
    void failuresSpreadBeyondTheWindowOrClearedByASuccessDoNotBlock() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertFalse(throttle.failed("10.0.0.1"), "the window started again");
        throttle.failed("10.0.0.1");
        throttle.succeeded("10.0.0.1");
        assertFalse(throttle.failed("10.0.0.1"), "a success cleared the failures");
        assertTrue(throttle.blockedFor("10.0.0.1").isEmpty());
    }

    @Test
    void aClientCyclingThroughAddressesCannotGrowTheMemory() {
        for (int i = 0; i < 100_000; i++) {
            throttle.failed("2001:db8::" + Integer.toHexString(i));
        }
        assertEquals(100, throttle.trackedAddresses());
    }
}
