package com.provider.common.logging;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.HashMap;
import java.util.Map;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A WARN log for one kind of event that a flood can repeat thousands of times a second (refused calls): at
 * most {@code perSecond} lines each second, then one summary line saying how many were left out. The metrics
 * count every event; this only keeps the log, and the disk behind it, bounded. A second starts with the first
 * event after the last one ended (not on the clock's whole second), so events less than a second apart never
 * fall into two windows and log twice what they should.
 */
public final class RateLimitedLog {

    private static final long SECOND = 1_000_000_000L;

    private final Logger log;
    private final String kind;
    private final int perSecond;
    /** When the current window started (System.nanoTime()); it ends SECOND later. */
    private final AtomicLong windowStart;
    private final LongSupplier nanoClock;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger suppressed = new AtomicInteger();

    public RateLimitedLog(Logger log, String kind, int perSecond) {
        this(log, kind, perSecond, System::nanoTime);
    }

    RateLimitedLog(Logger log, String kind, int perSecond, LongSupplier nanoClock) {
        this.log = log;
        this.kind = kind;
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.windowStart = new AtomicLong(nanoClock.getAsLong() - SECOND);
    }

    public void warnf(String format, Object... params) {
        if (admit()) {
            log.warnf(format, params);
        }
    }

    public void errorf(String format, Object... params) {
        if (admit()) {
            log.errorf(format, params);
        }
    }

    /** Writes the summary of a past second that was not followed by another event (call it periodically). */
    public void flush() {
        if (suppressed.get() > 0) { // only a window that left lines out ends here; a quiet one waits for its next event
            startWindowIfOver(nanoClock.getAsLong());
        }
    }

    private boolean admit() {
        startWindowIfOver(nanoClock.getAsLong());
        if (written.incrementAndGet() <= perSecond) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    private void startWindowIfOver(long now) {
        long current = windowStart.get();
        if (now - current >= SECOND && windowStart.compareAndSet(current, now)) {
            written.set(0);
            int left = suppressed.getAndSet(0);
            if (left > 0) {
                // Not under the MDC of the call that happens to start the new second: the summary is about others.
                Map<String, Object> context = new HashMap<>(MDC.getMap());
                MDC.clear();
                try {
                    log.warnf("%d more %s lines suppressed (at most %d a second are logged; the metrics count all)",
                            left, kind, perSecond);
                } finally {
                    context.forEach(MDC::put);
                }
            }
        }
    }
}
