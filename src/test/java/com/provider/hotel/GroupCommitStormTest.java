package com.provider.hotel;

import com.provider.support.Metrics;
import com.provider.support.Background;
import com.provider.support.HeldWrites;
import com.provider.support.AppLog;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static com.provider.support.TestDatabase.connection;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit under storms, on the real database: many deliveries of one cancellation that wait together, and
 * more deliveries than may wait. A table lock holds one statement while the others arrive; the budget is raised
 * here so that a slow machine has time to send them all before the held statement's time limit.
 */
@QuarkusTest
@TestProfile(GroupCommitStormTest.Storms.class)
class GroupCommitStormTest {

    static final int MAX_QUEUED = 80;
    private static final String LOG_FILE = "target/group-commit-storm-test.log";

    private static final String NOT_DURABLE =
            "aftersale_spi_callbacks_total{outcome=\"NOT_DURABLE\",spi=\"hotel.cancel-order\"}";

    public static class Storms implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "douyin.spi.durability-timeout", "10s",
                    "hotel.cancellation.write.max-queued", String.valueOf(MAX_QUEUED),
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG_FILE);
        }
    }

    /** A cold service's first calls can take a while: each test's timing starts with the path warm. */
    @BeforeEach
    void warm() {
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order-warm"), uniqueId("cancel-warm"), true, 11))
                .then().body("data.error_code", equalTo(0));
    }

    @Test
    void aStormOfOneCancellationTakesFewStatementsAndHoldsUpNoOtherCancellation() throws Exception {
        String orderId = uniqueId("order");
        String storm = uniqueId("cancel-storm");
        int copies = 60;
        List<String> others = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        String stormBody = body(orderId, storm, true, 21);
        for (int i = 0; i < copies; i++) {
            bodies.add(stormBody);
        }
        for (int i = 0; i < 16; i++) {
            String cancelId = uniqueId("cancel-other-" + i);
            others.add(cancelId);
            bodies.add(body(orderId, cancelId, false, 11));
        }
        Collections.shuffle(bodies, new Random(11)); // the storm and the others arrive mixed

        List<Response> answers = HeldWrites.whileOneStatementIsBlocked(
                () -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, uniqueId("blocker"), false, 11)),
                bodies, Duration.ofSeconds(4));

        List<String> stormAnswers = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            answers.get(i).then().statusCode(200).body("data.error_code", equalTo(0));
            if (bodies.get(i).equals(stormBody)) {
                stormAnswers.add(answers.get(i).asString());
            }
        }
        assertEquals(copies, stormAnswers.size());
        assertEquals(1, stormAnswers.stream().distinct().count(), "every copy gets the same answer: " + stormAnswers.get(0));
        answers.get(bodies.indexOf(stormBody)).then().body("data.cancel_mode", equalTo(2));
        operator().queryParam("order_id", orderId).get("/api/hotel/cancellations").then()
                .body("total", equalTo(others.size() + 2)); // the others, the storm's one row, the blocker
        operator().queryParam("business_key", storm).get("/api/callbacks").then().body("total", equalTo(copies));
        operator().queryParam("business_key", storm).queryParam("outcome", "HANDLED").get("/api/callbacks").then()
                .body("total", equalTo(1));
        operator().queryParam("business_key", storm).queryParam("outcome", "DUPLICATE").get("/api/callbacks").then()
                .body("total", equalTo(copies - 1));

        // Rows written by one statement share its transaction id (xmin), and ids grow with time.
        try (Connection db = connection(); Statement sql = db.createStatement()) {
            long stormStatements = single(sql, "SELECT count(DISTINCT xmin::text) FROM spi_inbox"
                    + " WHERE business_key = '" + storm + "'");
            assertTrue(stormStatements <= 3, copies + " copies of one cancellation took " + stormStatements
                    + " statements (the first copy's, then the others' inbox rows, up to 64 a statement)");
            long lastOther = single(sql, "SELECT max(xmin::text::bigint) FROM hotel_cancellation"
                    + " WHERE cancel_id IN ('" + String.join("','", others) + "')");
            long firstRedelivery = single(sql, "SELECT min(xmin::text::bigint) FROM spi_inbox"
                    + " WHERE business_key = '" + storm + "' AND outcome = 'DUPLICATE'");
            assertTrue(lastOther < firstRedelivery,
                    "the other cancellations were written before the storm's redeliveries, not behind them");
        }
    }

    @Test
    void aFullQueueAnswersRetryAtOnceWritesNothingAndLogsOneLine() throws Exception {
        String orderId = uniqueId("order");
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < MAX_QUEUED; i++) {
            waiting.add(body(orderId, uniqueId("cancel-waiting-" + i), false, 11));
        }
        List<String> refused = List.of(uniqueId("cancel-refused-0"), uniqueId("cancel-refused-1"),
                uniqueId("cancel-refused-2"));
        double notDurable = metric(NOT_DURABLE);
        long logBefore = Files.exists(AppLog.path()) ? Files.size(AppLog.path()) : 0;

        CompletableFuture<List<Response>> queued;
        try (Connection lock = connection(); Statement sql = lock.createStatement()) {
            lock.setAutoCommit(false);
            sql.execute("LOCK TABLE hotel_cancellation IN SHARE MODE");
            CompletableFuture<Response> blocker = Background.supply(
                    () -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, uniqueId("blocker"), false, 11)));
            try {
                HeldWrites.awaitBlocked(HeldWrites.GROUP_WRITE);
                queued = HeldWrites.sendAll(waiting);
                HeldWrites.awaitWaitingWrites(MAX_QUEUED, Duration.ofSeconds(4));
                assertEquals(MAX_QUEUED, HeldWrites.waitingWrites());
                // The queue is full: each of these is answered while the lock still holds everything else.
                for (String cancelId : refused) {
                    SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, false, 11)).then()
                            .statusCode(200).body("data.error_code", equalTo(100));
                }
            } finally {
                lock.commit();
            }
            blocker.get(10, TimeUnit.SECONDS).then().body("data.error_code", equalTo(0));
        }
        assertEquals(notDurable + refused.size(), metric(NOT_DURABLE), "each refusal is counted NOT_DURABLE");
        for (String cancelId : refused) {
            // Nothing written: no FAILED row, no cancellation.
            operator().queryParam("business_key", cancelId).get("/api/callbacks").then().body("total", equalTo(0));
            operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(404);
        }
        String log = Files.readString(AppLog.path()).substring((int) logBefore);
        long lines = log.lines().filter(line -> line.contains("writes are already waiting for the database")).count();
        assertEquals(1, lines, "three refusals within a second log one line:\n" + log);
        assertFalse(log.lines().anyMatch(line -> line.startsWith("\tat ") || line.contains("\"exception\"")
                        || line.contains("\"stackTrace\"")),
                "no stack trace:\n" + log);

        for (Response answer : queued.get(60, TimeUnit.SECONDS)) {
            answer.then().statusCode(200).body("data.error_code", equalTo(0));
        }
        // Douyin's retry, once the database keeps up, is stored.
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, refused.get(0), false, 11)).then()
                .body("data.error_code", equalTo(0));
    }

    private static long single(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double metric(String series) {
        return Metrics.scrape().valueOrZero(series);
    }
}
