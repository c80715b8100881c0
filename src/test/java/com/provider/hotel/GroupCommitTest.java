package com.provider.hotel;

import com.provider.support.Background;
import com.provider.support.HeldWrites;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static com.provider.support.TestDatabase.connection;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliveries that arrive together are written together (group commit), and each still gets exactly its own
 * answer and its own rows. To make a group for certain, the test holds a lock that blocks one delivery's
 * statement on the real database, sends the others while it waits, then lets go: they queue behind the
 * blocked statement and go in the next one together.
 */
@QuarkusTest
class GroupCommitTest {

    @Test
    void deliveriesWrittenTogetherEachGetTheirOwnAnswerAndRows() throws Exception {
        String orderId = uniqueId("order");
        String twice = uniqueId("cancel-redelivered");
        List<String> cancelIds = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String cancelId = uniqueId("cancel-" + i);
            cancelIds.add(cancelId);
            bodies.add(bodyFor(orderId, cancelId, i));
        }
        cancelIds.add(twice);
        String twiceBody = bodyFor(orderId, twice, 1);
        for (int copy = 0; copy < 3; copy++) {
            bodies.add(twiceBody); // three deliveries of one cancellation in the same group
        }
        // A cancellation stored before, redelivered in the group with another body: it keeps its first answer.
        String earlier = uniqueId("cancel-earlier");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, bodyFor(orderId, earlier, 2)).then()
                .body("data.error_code", equalTo(0)).body("data.cancel_mode", equalTo(1));
        bodies.add(bodyFor(orderId, earlier, 0));

        List<Response> answers = whileOneStatementIsBlocked(
                () -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, uniqueId("blocker"), false, 11)),
                bodies);

        answers.get(15).then().statusCode(200).body("data.error_code", equalTo(0))
                .body("data.cancel_mode", equalTo(1)); // the first answer, not the policy's for the new body
        operator().queryParam("business_key", earlier).queryParam("outcome", "DUPLICATE_CONFLICT")
                .get("/api/callbacks").then().body("total", equalTo(1));
        for (int i = 0; i < 15; i++) {
            int variant = i < 12 ? i : 1;
            Response answer = answers.get(i);
            answer.then().statusCode(200).body("data.error_code", equalTo(0));
            JsonPath data = answer.jsonPath().setRootPath("data");
            switch (variant % 3) {
                case 0 -> assertEquals(2, data.getInt("cancel_mode"), "needs an operator: " + answer.asString());
                case 1 -> {
                    assertEquals(1, data.getInt("cancel_mode"), answer.asString());
                    assertEquals(1, data.getInt("cancel_result"), answer.asString());
                }
                default -> assertEquals(1, data.getInt("cancel_mode"), answer.asString());
            }
        }
        for (int i = 0; i < cancelIds.size(); i++) {
            int variant = i < 12 ? i : 1;
            operator().get("/api/hotel/cancellations/" + cancelIds.get(i)).then().statusCode(200)
                    .body("cancel_id", equalTo(cancelIds.get(i)))
                    .body("status", equalTo(switch (variant % 3) {
                        case 0 -> "PENDING_AUDIT";
                        case 1 -> "AGREED";
                        default -> "CANCELLED";
                    }))
                    .body("refund_order_detail", hasSize(2))
                    .body("refund_order_detail[0].daily_refund_amount", equalTo(12900 + variant))
                    .body("refund_order_detail[1].daily_refund_amount", equalTo(13000 + variant))
                    .body("refund_order_detail[1].period_start_time", equalTo("2025-11-28T15:00:00"))
                    .body("refund_order_detail[0].period_start_time", nullValue());
        }
        operator().queryParam("business_key", twice).get("/api/callbacks").then()
                .body("total", equalTo(3));
        operator().queryParam("business_key", twice).queryParam("outcome", "HANDLED").get("/api/callbacks")
                .then().body("total", equalTo(1));
        assertTrue(answers.subList(12, 15).stream().map(Response::asString).distinct().count() == 1,
                "every delivery of one cancellation gets the same answer");

        // Rows written by one statement share its transaction id: fewer ids than rows means they were grouped.
        try (Connection db = connection(); Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(DISTINCT xmin::text) FROM hotel_cancellation"
                        + " WHERE cancel_id IN ('" + String.join("','", cancelIds) + "')")) {
            rows.next();
            int transactions = rows.getInt(1);
            assertTrue(transactions < cancelIds.size(),
                    cancelIds.size() + " cancellations were written in " + transactions + " transactions");
        }
    }

    @Test
    void aDeliveryPostgresRefusesDoesNotFailTheOthersWrittenWithIt() throws Exception {
        String orderId = uniqueId("order");
        // A row PostgreSQL refuses for its data, not the others: a test trigger refuses this cancel_id as a
        // constraint would. (An over-long id, which the index used to refuse, is now a 400 at parse time.)
        String refused = uniqueId("refused-by-db");
        try (Connection db = connection(); Statement sql = db.createStatement()) {
            sql.execute("CREATE OR REPLACE FUNCTION test_refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN IF NEW.cancel_id LIKE 'refused-by-db%' THEN"
                    + " RAISE EXCEPTION 'refused for the test' USING ERRCODE = 'check_violation'; END IF;"
                    + " RETURN NEW; END $$");
            sql.execute("CREATE TRIGGER test_refuse_marked BEFORE INSERT ON hotel_cancellation"
                    + " FOR EACH ROW EXECUTE FUNCTION test_refuse_marked()");
        }
        try {
            assertOnlyTheRefusedDeliveryFails(orderId, refused);
        } finally {
            try (Connection db = connection(); Statement sql = db.createStatement()) {
                sql.execute("DROP TRIGGER IF EXISTS test_refuse_marked ON hotel_cancellation");
                sql.execute("DROP FUNCTION IF EXISTS test_refuse_marked()");
            }
        }
    }

    private void assertOnlyTheRefusedDeliveryFails(String orderId, String refused) throws Exception {
        List<String> bodies = new ArrayList<>();
        List<String> cancelIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String cancelId = uniqueId("cancel-" + i);
            cancelIds.add(cancelId);
            bodies.add(bodyFor(orderId, cancelId, 2));
            if (i == 2) {
                bodies.add(body(orderId, refused, false, 11));
            }
        }

        List<Response> answers = whileOneStatementIsBlocked(
                () -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, uniqueId("blocker"), false, 11)),
                bodies);

        for (int i = 0; i < answers.size(); i++) {
            int expected = i == 3 ? 100 : 0;
            answers.get(i).then().statusCode(200).body("data.error_code", equalTo(expected));
        }
        for (String cancelId : cancelIds) {
            operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200)
                    .body("status", equalTo("CANCELLED"));
        }
        operator().queryParam("order_id", orderId).get("/api/hotel/cancellations").then()
                .body("total", equalTo(cancelIds.size() + 1)); // and the blocker
    }

    @Test
    void aStuckStatementDoesNotHoldUpTheCancellationsQueuedBehindIt() throws Exception {
        String orderId = uniqueId("order");
        String stuck = uniqueId("cancel-stuck");
        String behind = uniqueId("cancel-behind");
        try (Connection other = connection(); Statement sql = other.createStatement()) {
            // Another writer's uncommitted row with the same cancel_id: the service's statement waits for it.
            other.setAutoCommit(false);
            sql.execute("INSERT INTO hotel_cancellation (cancel_id, order_id, cancel_type, biz_type, after_sale_type,"
                    + " refund_type, status, decided_status, answer_cancel_mode, decision_rule, client_key,"
                    + " body_sha256, refund_nights) VALUES ('" + stuck + "', '" + orderId + "', 2, 2021, 1, 11,"
                    + " 'CANCELLED', 'CANCELLED', 1, 'r', 'k', '\\x00', '[]')");
            CompletableFuture<Response> first = Background.supply(
                    () -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, stuck, false, 11)));
            try {
                HeldWrites.awaitBlocked(HeldWrites.GROUP_WRITE);
                long started = System.nanoTime();
                SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, behind, false, 11)).then().statusCode(200)
                        .body("data.error_code", equalTo(0));
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(tookMillis < 2000, "the delivery behind the stuck one was answered in " + tookMillis + " ms");
                first.get(10, TimeUnit.SECONDS).then().statusCode(200).body("data.error_code", equalTo(100));
            } finally {
                other.rollback();
            }
        }
        operator().get("/api/hotel/cancellations/" + behind).then().statusCode(200);
        // Douyin's retry of the stuck one is stored once the other writer has gone.
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, stuck, false, 11)).then().statusCode(200)
                .body("data.error_code", equalTo(0));
        operator().queryParam("order_id", orderId).get("/api/hotel/cancellations").then().body("total", equalTo(2));
    }

    /** As under load: the deliveries wait while one statement is held, well inside its 1 s time limit. */
    private static List<Response> whileOneStatementIsBlocked(Supplier<Response> blocker, List<String> bodies)
            throws Exception {
        return HeldWrites.whileOneStatementIsBlocked(blocker, bodies, Duration.ofMillis(600));
    }

    /** A complete body whose policy branch and refund amounts depend on {@code variant}. */
    private static String bodyFor(String orderId, String cancelId, int variant) {
        String body = switch (variant % 3) {
            case 0 -> body(orderId, cancelId, true, 21);
            case 1 -> body(orderId, cancelId, true, 11);
            default -> body(orderId, cancelId, false, 11);
        };
        return body.replace("\"daily_refund_amount\":12900", "\"daily_refund_amount\":" + (12900 + variant))
                .replace("\"daily_refund_amount\":13000", "\"daily_refund_amount\":" + (13000 + variant));
    }
}
