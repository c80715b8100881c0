package com.provider.common.logging;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.HashMap;
import java.util.Map;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WARN log for one kind of event that a flood can repeat thousands of times a second (refused calls): at
 * most {@code perSecond} lines each second, then one summary line saying how many were left out. The metrics
 * count every event; this only keeps the log, and the disk behind it, bounded.
 */
public final class RateLimitedLog {

    private static final long SECOND = 1_000_000_000L;

    private final Logger log;
    private final String kind;
    private final int perSecond;
    private final AtomicLong window = new AtomicLong(System.nanoTime() / SECOND);
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger suppressed = new AtomicInteger();

    public RateLimitedLog(Logger log, String kind, int perSecond) {
        this.log = log;
        this.kind = kind;
        this.perSecond = perSecond;
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
        startWindowIfNew(System.nanoTime() / SECOND);
    }

    private boolean admit() {
        startWindowIfNew(System.nanoTime() / SECOND);
        if (written.incrementAndGet() <= perSecond) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    private void startWindowIfNew(long second) {
        long current = window.get();
        if (second != current && window.compareAndSet(current, second)) {
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
