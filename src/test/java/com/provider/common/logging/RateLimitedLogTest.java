package com.provider.common.logging;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on lines, on a clock the test moves: a second counts from the first event, not the clock's second. */
class RateLimitedLogTest {

    private static final long MS = 1_000_000L;
    private static final String NAME = "test.rate-limited-log";

    private final AtomicLong now = new AtomicLong(5_999_000_000L); // 1 ms before a whole second of the clock
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage() == null ? "" : String.format(record.getMessage().replace("{0}", "%s"),
                    record.getParameters() == null ? new Object[0] : record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private RateLimitedLog log;

    @BeforeEach
    void capture() {
        java.util.logging.Logger.getLogger(NAME).addHandler(capture);
        log = new RateLimitedLog(Logger.getLogger(NAME), "refusal", 1, now::get);
    }

    @AfterEach
    void release() {
        java.util.logging.Logger.getLogger(NAME).removeHandler(capture);
    }

    @Test
    void eventsLessThanASecondApartAcrossTheClocksWholeSecondLogOneLine() {
        log.warnf("refused %d", 1);
        now.addAndGet(2 * MS); // the clock passed a whole second: the window did not
        log.warnf("refused %d", 2);
        now.addAndGet(40 * MS);
        log.warnf("refused %d", 3);
        assertEquals(1, lines.size(), lines.toString());
    }

    @Test
    void aSecondAfterTheFirstEventTheNextIsLoggedWithTheSummaryOfWhatWasLeftOut() {
        log.warnf("refused %d", 1);
        log.warnf("refused %d", 2);
        log.warnf("refused %d", 3);
        now.addAndGet(1000 * MS);
        log.warnf("refused %d", 4);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains("2 more refusal lines suppressed"), lines.toString());
    }

    @Test
    void aQuietWindowIsNotEndedByTheFlushSoABurstRightAfterItStillLogsOnce() {
        log.warnf("refused %d", 1);
        now.addAndGet(1500 * MS);
        log.flush(); // nothing left out: nothing to say, and the next event starts its own second
        now.addAndGet(900 * MS);
        log.warnf("refused %d", 2);
        now.addAndGet(200 * MS);
        log.warnf("refused %d", 3);
        assertEquals(2, lines.size(), lines.toString());
    }

    @Test
    void theFlushWritesTheSummaryOfAWindowThatEndedWithoutAnotherEvent() {
        log.warnf("refused %d", 1);
        log.warnf("refused %d", 2);
        log.flush();
        assertEquals(1, lines.size(), "the window has not ended yet: " + lines);
        now.addAndGet(1000 * MS);
        log.flush();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains("1 more refusal lines suppressed"), lines.toString());
    }
}
