package com.provider.common.logging;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one line per interval for a message that may repeat many times a second (a probe while the database
 * is down): the next line says how many were left out, so a flood of the same failure cannot fill the disk
 * and nothing is silently lost.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
    private final AtomicInteger suppressed = new AtomicInteger();

    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs at WARN unless a line was written less than an interval ago. */
    public void warn(String message) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        int left = suppressed.getAndSet(0);
        if (left > 0) {
            log.warnf("%s (and %d more like it since the last line)", message, left);
        } else {
            log.warn(message);
        }
    }
}
