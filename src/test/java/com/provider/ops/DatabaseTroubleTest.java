package com.provider.ops;

import com.provider.douyin.spi.db.SpiPoolCreator;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Eventually.within;
import static com.provider.support.Management.management;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static com.provider.support.TestDatabase.connection;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Database trouble the SPI does not depend on for its answer: every call is answered (0, or 100 so that Douyin
 * retries) within Douyin's 3 s, abandoned statements do not keep their connections and locks, readiness stays
 * about PostgreSQL answering, and storing resumes as soon as the trouble ends.
 */
@QuarkusTest
class DatabaseTroubleTest {

    private static final long DOUYIN_PATIENCE_MILLIS = 3000;

    @Test
    void aStatementWhoseCallerWasAnswered100IsCancelledByTheServerInsteadOfWaitingForTheLock() throws Exception {
        try (Connection admin = connection(); Statement sql = admin.createStatement()) {
            admin.setAutoCommit(false);
            sql.execute("LOCK TABLE spi_inbox IN ACCESS EXCLUSIVE MODE");
            try {
                Response answer = SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), uniqueId("cancel"), false, 11));
                answer.then().statusCode(200).body("data.error_code", equalTo(100));
                // Still locked: without statement_timeout the SPI's statements would wait here until the commit.
                try (Connection observer = connection()) {
                    within(Duration.ofSeconds(6), () -> assertEquals(0, spiStatementsWaitingForALock(observer),
                            "SPI statements still waiting for the lock"));
                }
            } finally {
                admin.commit();
            }
        }
    }

    @Test
    void everyTableLockedWhileCallsArriveAnsweredInTimeReadyThroughoutAndStoringAgainAfterTheRelease() throws Exception {
        // A warm path first: this test is about the lock, not about a cold JVM on a busy machine. And ready first,
        // as Kubernetes sees it before it routes calls: a replica that has not yet seen its schema version reads
        // it from a table, which the lock below would hold up (a packaged app has had no probe before this).
        within(Duration.ofSeconds(30), () -> management().get("/q/health/ready").then().statusCode(200));
        for (int i = 0; i < 20; i++) {
            assertEquals(0, deliver(uniqueId("warm-up")).errorCode());
        }
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(senders.submit(() -> {
                while (sending.get()) {
                    answers.add(deliver(uniqueId("lock-cancel")));
                }
            }));
        }
        try (Connection admin = connection(); Statement sql = admin.createStatement()) {
            Thread.sleep(300);
            admin.setAutoCommit(false);
            sql.execute("LOCK TABLE " + everyTable(sql) + " IN ACCESS EXCLUSIVE MODE");
            long lockedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            try {
                while (System.nanoTime() < lockedUntil) {
                    // SELECT 1 needs no table: PostgreSQL answers, so the replica stays in the Service.
                    management().get("/q/health/ready").then().statusCode(200);
                    Thread.sleep(250);
                }
            } finally {
                admin.commit();
            }
        }
        long released = System.nanoTime();
        // Storing again within 5 s of the release: a new delivery is answered 0.
        within(Duration.ofSeconds(5), () -> assertEquals(0, deliver(uniqueId("after-lock")).errorCode()));
        long storingAgainMillis = (System.nanoTime() - released) / 1_000_000;
        sending.set(false);
        for (Future<?> sender : running) {
            sender.get(30, TimeUnit.SECONDS);
        }
        senders.shutdown();

        List<Answer> all = List.copyOf(answers);
        assertFalse(all.stream().noneMatch(a -> a.errorCode() == 100), "the lock held some calls back");
        for (Answer answer : all) {
            assertEquals(200, answer.status(), answer.toString());
            assertTrue(answer.errorCode() == 0 || answer.errorCode() == 100, answer.toString());
            assertTrue(answer.millis() < DOUYIN_PATIENCE_MILLIS, "answered in time: " + answer);
        }
        assertTrue(storingAgainMillis < 5000, "storing again " + storingAgainMillis + " ms after the release");
        // Douyin retries what was answered 100; then every call is stored exactly once.
        for (Answer answer : all) {
            if (answer.errorCode() == 100) {
                assertEquals(0, deliver(answer.cancelId()).errorCode(), "redelivery of " + answer.cancelId());
            }
        }
        try (Connection db = connection(); Statement sql = db.createStatement()) {
            for (Answer answer : all) {
                try (ResultSet rows = sql.executeQuery("SELECT (SELECT count(*) FROM hotel_cancellation WHERE cancel_id = '"
                        + answer.cancelId() + "'), (SELECT count(*) FROM spi_inbox WHERE business_key = '"
                        + answer.cancelId() + "' AND outcome = 'HANDLED')")) {
                    rows.next();
                    assertEquals(1, rows.getInt(1), "stored once: " + answer.cancelId());
                    assertEquals(1, rows.getInt(2), "one HANDLED inbox row: " + answer.cancelId());
                }
            }
        }
    }

    @Test
    void backgroundWorkWaitingForTheDatabaseDoesNotTakeTheConnectionsCallbacksNeed() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(0, deliver(uniqueId("warm-up")).errorCode()); // a warm path first
        }
        ExecutorService readers = Executors.newFixedThreadPool(BLOCKED_READS);
        try (Connection admin = connection(); Statement sql = admin.createStatement()) {
            admin.setAutoCommit(false);
            // Operator reads of after-sale orders now wait for the lock, each holding a connection of its pool:
            // more of them than the SPI pool has connections.
            sql.execute("LOCK TABLE after_sale_order IN ACCESS EXCLUSIVE MODE");
            try {
                List<Future<Integer>> reads = new ArrayList<>();
                for (int i = 0; i < BLOCKED_READS; i++) {
                    reads.add(readers.submit(() -> operator().get("/api/after-sales").statusCode()));
                }
                Thread.sleep(1000);
                for (int i = 0; i < 5; i++) {
                    Answer answer = deliver(uniqueId("beside-background"));
                    assertEquals(0, answer.errorCode(), answer.toString());
                    assertTrue(answer.millis() < 1000, "not held up by the background: " + answer);
                }
                assertFalse(reads.stream().anyMatch(Future::isDone), "the reads were still waiting");
            } finally {
                admin.commit();
            }
        } finally {
            readers.shutdown();
            assertTrue(readers.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** More than the SPI pool's 16 connections. */
    private static final int BLOCKED_READS = 20;

    private record Answer(String cancelId, int status, int errorCode, long millis) {
    }

    /** One delivery of a cancellation with this cancel_id (the body is the same every time). */
    private static Answer deliver(String cancelId) {
        long started = System.nanoTime();
        Response response = SignedSpi.call().post(HOTEL_CANCEL_ORDER, body("ORD-" + cancelId, cancelId, false, 11));
        long millis = (System.nanoTime() - started) / 1_000_000;
        Integer errorCode = response.statusCode() == 200 ? response.path("data.error_code") : null;
        return new Answer(cancelId, response.statusCode(), errorCode == null ? -1 : errorCode, millis);
    }

    private static String everyTable(Statement sql) throws Exception {
        try (ResultSet tables = sql.executeQuery(
                "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = 'public'")) {
            tables.next();
            return tables.getString(1);
        }
    }

    private static int spiStatementsWaitingForALock(Connection observer) {
        try (Statement sql = observer.createStatement(); ResultSet rows = sql.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + SpiPoolCreator.APPLICATION_NAME
                        + "' AND wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
