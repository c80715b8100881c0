package com.provider.support;

import io.restassured.response.Response;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static com.provider.support.TestDatabase.connection;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Holds the service's cancel-order writes on the real database (a table lock), so that the deliveries sent
 * meanwhile wait together, as under load, and go in the next statements together (group commit).
 */
public final class HeldWrites {

    /** How pg_stat_activity shows the group write (it keeps the first 1,024 characters of a statement). */
    public static final String GROUP_WRITE = "WITH delivery AS (%";

    /** How pg_stat_activity shows the read of a first delivery's answer, when a redelivery's statement could not see it. */
    public static final String ANSWER_READ = "SELECT decided_status%";


    private HeldWrites() {
    }

    /**
     * Locks the cancellation table, sends {@code blocker} and waits until its statement is blocked, sends
     * {@code bodies} at once and waits until they all wait for a statement (at most {@code arrival}), then
     * releases the lock. Returns their answers in order.
     */
    public static List<Response> whileOneStatementIsBlocked(Supplier<Response> blocker, List<String> bodies,
            Duration arrival) throws Exception {
        try (Connection lock = connection(); Statement sql = lock.createStatement()) {
            lock.setAutoCommit(false);
            sql.execute("LOCK TABLE hotel_cancellation IN SHARE MODE");
            CompletableFuture<Response> blocked = Background.supply(blocker);
            CompletableFuture<List<Response>> grouped;
            try {
                awaitBlocked(GROUP_WRITE);
                grouped = sendAll(bodies);
                awaitWaitingWrites(bodies.size(), arrival);
            } finally {
                lock.commit();
            }
            blocked.get(10, TimeUnit.SECONDS).then().statusCode(200).body("data.error_code", equalTo(0));
            return grouped.get(60, TimeUnit.SECONDS);
        }
    }

    /** Sends every body to the cancel-order SPI at once, each on its own connection; their answers in order. */
    public static CompletableFuture<List<Response>> sendAll(List<String> bodies) {
        return Background.supply(() -> {
            try {
                return Concurrently.run(bodies.size(), i -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, bodies.get(i)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Locks {@code table} against writes, sends the call and waits until its statement (LIKE {@code pattern})
     * is blocked, then returns its answer (given while the statement still waits), and releases the lock.
     */
    public static Response answeredWhileLocked(String table, String pattern, Supplier<Response> call)
            throws Exception {
        try (Connection lock = connection(); Statement sql = lock.createStatement()) {
            lock.setAutoCommit(false);
            sql.execute("LOCK TABLE " + table + " IN SHARE MODE");
            CompletableFuture<Response> answer = Background.supply(call);
            try {
                awaitBlocked(pattern);
                return answer.get(10, TimeUnit.SECONDS);
            } finally {
                lock.commit();
            }
        }
    }

    /** Waits until at least {@code count} cancel-order deliveries wait for a statement, or {@code atMost} passed. */
    public static void awaitWaitingWrites(int count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline && waitingWrites() < count) {
            Thread.sleep(20);
        }
    }

    /** The deliveries waiting for a statement, from the service's metrics. */
    public static int waitingWrites() {
        return (int) Metrics.scrape().valueOrZero("aftersale_db_write_waiting{table=\"hotel_cancellation\"}");
    }

    /** Waits until a statement whose text is LIKE {@code pattern} waits for a lock; returns its backend's pid. */
    public static int awaitBlocked(String pattern) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (Connection db = connection(); Statement sql = db.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = sql.executeQuery("SELECT pid FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND query LIKE '" + pattern + "'")) {
                    List<Integer> pids = new ArrayList<>();
                    while (rows.next()) {
                        pids.add(rows.getInt(1));
                    }
                    if (!pids.isEmpty()) {
                        return pids.get(0);
                    }
                }
                Thread.sleep(10);
            }
            StringBuilder activity = new StringBuilder();
            try (ResultSet rows = sql.executeQuery("SELECT pid, state, wait_event_type, left(query, 60) AS query"
                    + " FROM pg_stat_activity WHERE datname = current_database()")) {
                while (rows.next()) {
                    activity.append('\n').append(rows.getInt("pid")).append(' ').append(rows.getString("state"))
                            .append(' ').append(rows.getString("wait_event_type")).append(' ')
                            .append(rows.getString("query"));
                }
            }
            fail("no statement like " + pattern + " was blocked by a lock within 5 s; the database's sessions:" + activity);
            return 0;
        }
    }
}
