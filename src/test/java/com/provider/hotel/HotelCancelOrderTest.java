package com.provider.hotel;

import com.provider.support.Callbacks;
import com.provider.support.SignedSpi;
import com.provider.support.TestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.minimal;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hotel cancel-order SPI and its operator views, over HTTP, on a real database. */
@QuarkusTest
class HotelCancelOrderTest {

    @Test
    void cancellationWithoutAuditIsAcknowledgedAndStoredWithEveryField() {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        SignedSpi call = SignedSpi.call();

        call.post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, null, 21))
                .then().statusCode(200).contentType("application/json")
                .body("data.error_code", equalTo(0))
                .body("data.description", equalTo("success"))
                .body("data.cancel_mode", equalTo(1))
                .body("data.cancel_result", equalTo(1))
                .body("data", not(org.hamcrest.Matchers.hasKey("reason")));

        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200)
                .body("cancel_id", equalTo(cancelId))
                .body("order_id", equalTo(orderId))
                .body("status", equalTo("CANCELLED"))
                .body("order_out_id", equalTo("OUT-1"))
                .body("refund_amount", equalTo(25900))
                .body("user_refund_amount", equalTo(25800))
                .body("penalty", equalTo(10000))
                .body("currency", equalTo("CNY"))
                .body("cancel_reason", equalTo("用户取消"))
                .body("cancel_order_time_unix", equalTo(1682006400))
                .body("cancel_type", equalTo(2))
                .body("biz_type", equalTo(2021))
                .body("need_audit", nullValue())
                .body("applicant_type", equalTo(1))
                .body("negotiate_refund", equalTo(false))
                .body("after_sale_type", equalTo(1))
                .body("refund_type", equalTo(21))
                .body("log_id", equalTo(call.logId()))
                .body("client_key", equalTo(SignedSpi.CLIENT_KEY))
                .body("decision.cancel_mode", equalTo(1))
                .body("refund_order_detail", hasSize(2))
                .body("refund_order_detail[0].rate_plan_id", equalTo("1849817620554776"))
                .body("refund_order_detail[0].daily_refund_amount", equalTo(12900))
                .body("refund_order_detail[0].period_start_date", equalTo("2025-11-27"))
                .body("refund_order_detail[0].period_start_time", nullValue())
                .body("refund_order_detail[1].daily_refund_amount", equalTo(13000))
                .body("refund_order_detail[1].period_end_time", equalTo("2025-11-28T18:00:00"))
                .body("history[0].status", equalTo("CANCELLED"))
                .body("history[0].actor", equalTo("policy"));
    }

    @Test
    void needAuditFalseIsAcknowledged() {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), cancelId, false, 22))
                .then().statusCode(200)
                .body("data.error_code", equalTo(0))
                .body("data.cancel_mode", equalTo(1))
                .body("data.cancel_result", equalTo(1));
        operator().get("/api/hotel/cancellations/" + cancelId).then().body("status", equalTo("CANCELLED"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {11, 12})
    void auditWithinTheRulesIsAgreedAtOnce(int refundType) {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), cancelId, true, refundType))
                .then().statusCode(200)
                .body("data.error_code", equalTo(0))
                .body("data.cancel_mode", equalTo(1))
                .body("data.cancel_result", equalTo(1));
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AGREED"))
                .body("decision.rule", containsString("refund_type " + refundType));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {21, 22, 99})
    void auditOutsideTheRulesWaitsForAnOperator(int refundType) {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), cancelId, true, refundType))
                .then().statusCode(200)
                .body("data.error_code", equalTo(0))
                .body("data.cancel_mode", equalTo(2))
                .body("data", not(org.hamcrest.Matchers.hasKey("cancel_result")));
        operator().get("/api/hotel/cancellations/" + cancelId).then().body("status", equalTo("PENDING_AUDIT"));
    }

    @Test
    void aRetryGetsTheFirstAnswerAndWritesNothingNew() {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        String body = body(orderId, cancelId, true, 21);
        String first = SignedSpi.call().post(HOTEL_CANCEL_ORDER, body).then().statusCode(200).extract().asString();
        String retry = SignedSpi.call().post(HOTEL_CANCEL_ORDER, body).then().statusCode(200).extract().asString();

        assertEquals(first, retry);
        operator().queryParam("order_id", orderId).get("/api/hotel/cancellations").then()
                .body("total", equalTo(1));
        operator().queryParam("business_key", cancelId).get("/api/callbacks").then()
                .body("total", equalTo(2))
                .body("items.outcome", equalTo(List.of("DUPLICATE", "HANDLED")));
    }

    @Test
    void aRedeliveryWithAnotherBodyStillGetsTheFirstAnswerAndIsFlagged() {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, true, 11))
                .then().body("data.cancel_mode", equalTo(1)).body("data.cancel_result", equalTo(1));

        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, true, 21))
                .then().statusCode(200)
                .body("data.error_code", equalTo(0))
                .body("data.cancel_mode", equalTo(1))
                .body("data.cancel_result", equalTo(1));

        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AGREED")).body("refund_type", equalTo(11));
        operator().queryParam("business_key", cancelId).queryParam("outcome", "DUPLICATE_CONFLICT")
                .get("/api/callbacks").then()
                .body("total", equalTo(1))
                .body("items[0].detail", containsString("differs from the first delivery"));
    }

    @Test
    void parallelDuplicateDeliveriesMakeOneRowAndOneAnswer() throws Exception {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        String body = body(orderId, cancelId, true, 21);
        int deliveries = 40;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                Callable<String> delivery = () -> {
                    start.await();
                    Response response = SignedSpi.call().post(HOTEL_CANCEL_ORDER, body);
                    return response.statusCode() + " " + response.asString();
                };
                answers.add(pool.submit(delivery));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> answer : answers) {
                distinct.add(answer.get());
            }
            assertEquals(Set.of("200 {\"data\":{\"error_code\":0,\"description\":\"success\",\"cancel_mode\":2}}"), distinct);
        } finally {
            pool.shutdownNow();
        }
        operator().queryParam("order_id", orderId).get("/api/hotel/cancellations").then().body("total", equalTo(1));
        operator().queryParam("business_key", cancelId).queryParam("outcome", "HANDLED").get("/api/callbacks")
                .then().body("total", equalTo(1));
        operator().queryParam("business_key", cancelId).queryParam("outcome", "DUPLICATE").get("/api/callbacks")
                .then().body("total", equalTo(deliveries - 1));
    }

    @Test
    void thePublishedExampleAsItStandsIsRefusedAndKeptRaw() {
        String published = TestResources.text("/seeds/hotel-cancel-order-published-example.json");
        int before = cancellationsOfOrder("1000946099201940764");
        SignedSpi call = SignedSpi.call();

        call.post(HOTEL_CANCEL_ORDER, published).then().statusCode(400).contentType("application/json")
                .body("data.error_code", equalTo(40000))
                .body("data.description", containsString("not valid JSON"));

        assertEquals(before, cancellationsOfOrder("1000946099201940764"));
        operator().queryParam("log_id", call.logId()).get("/api/callbacks").then()
                .body("total", equalTo(1))
                .body("items[0].outcome", equalTo("REJECTED"))
                .body("items[0].http_status", equalTo(400))
                .body("items[0].client_key", equalTo(SignedSpi.CLIENT_KEY))
                .body("items[0].spi", equalTo("hotel.cancel-order"));
        assertEquals(published, Callbacks.bodyOf(call.logId()));
    }

    @Test
    void thePublishedExampleRepairedIsStored() {
        String cancelId = uniqueId("cancel");
        String repaired = TestResources.text("/seeds/hotel-cancel-order-published-example.json")
                .replace("\"period_end_time\":\"2025-11-27T18:00:00\", }", "\"period_end_time\":\"2025-11-27T18:00:00\" }")
                .replace("\"cancel_id\": \"11111\"", "\"cancel_id\": \"" + cancelId + "\"");

        SignedSpi.call().post(HOTEL_CANCEL_ORDER, repaired).then().statusCode(200)
                .body("data.error_code", equalTo(0)).body("data.cancel_mode", equalTo(1));
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("order_id", equalTo("1000946099201940764"))
                .body("status", equalTo("CANCELLED"))
                .body("penalty", equalTo(10000))
                .body("refund_order_detail[0].daily_refund_amount", equalTo(100))
                .body("refund_order_detail[0].period_start_time", equalTo("2025-11-27T15:00:00"));
    }

    static Stream<Arguments> badBodies() {
        String id = "bad-" + System.nanoTime();
        return Stream.of(
                Arguments.of("not JSON", "cancel please", "not valid JSON"),
                Arguments.of("empty", "", "empty"),
                Arguments.of("an array", "[1,2]", "must be a JSON object"),
                Arguments.of("trailing comma", minimal("o", id).replace("}", ",}"), "not valid JSON"),
                Arguments.of("two objects", minimal("o", id) + minimal("o", id), "not valid JSON"),
                Arguments.of("duplicate key", minimal("o", id).replace("{", "{\"cancel_id\":\"x\","), "not valid JSON"),
                Arguments.of("cancel_id missing", minimal("o", id).replace("\"cancel_id\":\"" + id + "\",", ""),
                        "cancel_id is required"),
                Arguments.of("cancel_id null", minimal("o", id).replace("\"" + id + "\"", "null"), "cancel_id is required"),
                Arguments.of("order_id a number", minimal("o", id).replace("\"o\"", "42"), "order_id must be a string"),
                Arguments.of("cancel_type a string", minimal("o", id).replace("\"cancel_type\":1", "\"cancel_type\":\"1\""),
                        "cancel_type must be an integer"),
                Arguments.of("refund_amount a float", minimal("o", id).replace("}", ",\"refund_amount\":259.5}"),
                        "refund_amount must be an integer"),
                Arguments.of("refund_amount over int64", minimal("o", id).replace("}", ",\"refund_amount\":9223372036854775808}"),
                        "refund_amount is out of the 64-bit integer range"),
                Arguments.of("biz_type over int32", minimal("o", id).replace("\"biz_type\":2011", "\"biz_type\":2147483648"),
                        "biz_type is out of the 32-bit integer range"),
                Arguments.of("need_audit a string", minimal("o", id).replace("}", ",\"need_audit\":\"true\"}"),
                        "need_audit must be true or false"),
                Arguments.of("night without rate_plan_id",
                        minimal("o", id).replace("}", ",\"refund_order_detail\":[{\"daily_refund_amount\":100}]}"),
                        "refund_order_detail[0].rate_plan_id is required"),
                Arguments.of("a NUL character, which PostgreSQL text cannot hold",
                        minimal("o", id).replace("}", ",\"cancel_reason\":\"a\\u0000b\"}"),
                        "cancel_reason must not contain the NUL character"),
                Arguments.of("a lone surrogate escape, which is no character",
                        minimal("o", id).replace("\"o\"", "\"\\ud800x\""),
                        "order_id must not contain an unpaired UTF-16 surrogate"),
                Arguments.of("cancel_id longer than an id can be",
                        minimal("o", id + "-" + "9".repeat(64)), "cancel_id is longer than 64 characters"),
                Arguments.of("cancel_id too long for any index (refused by PostgreSQL before: error_code 100 forever)",
                        minimal("o", "c".repeat(3000)), "cancel_id is longer than 64 characters"),
                Arguments.of("order_id longer than an id can be",
                        minimal("o".repeat(65), id), "order_id is longer than 64 characters"),
                Arguments.of("cancel_reason longer than a reason can be",
                        minimal("o", id).replace("}", ",\"cancel_reason\":\"" + "理".repeat(2049) + "\"}"),
                        "cancel_reason is longer than 2048 characters"),
                Arguments.of("a night's rate_plan_id longer than an id can be",
                        minimal("o", id).replace("}", ",\"refund_order_detail\":[{\"rate_plan_id\":\""
                                + "7".repeat(65) + "\",\"daily_refund_amount\":100}]}"),
                        "refund_order_detail[0].rate_plan_id is longer than 64 characters"),
                Arguments.of("several problems", "{\"order_id\":1,\"cancel_type\":\"x\"}",
                        "order_id must be a string; cancel_id is required; cancel_type must be an integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInputIsRefusedWithTheEnvelopeKeptRawAndChangesNothing(String name, String body, String problem) {
        long before = totalCancellations();
        SignedSpi call = SignedSpi.call();

        call.post(HOTEL_CANCEL_ORDER, body).then().statusCode(400).contentType("application/json")
                .body("data.error_code", equalTo(40000))
                .body("data.description", containsString(problem));

        assertEquals(before, totalCancellations());
        operator().queryParam("log_id", call.logId()).get("/api/callbacks").then()
                .body("total", equalTo(1))
                .body("items[0].outcome", equalTo("REJECTED"))
                .body("items[0].detail", containsString(problem));
        assertEquals(body, Callbacks.bodyOf(call.logId()));
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413AndNotStored() {
        String cancelId = uniqueId("cancel");
        String padding = "x".repeat(1024 * 1024);
        String body = minimal("o", cancelId).replace("}", ",\"cancel_reason\":\"" + padding + "\"}");
        SignedSpi call = SignedSpi.call();

        call.post(HOTEL_CANCEL_ORDER, body).then().statusCode(413).contentType("application/json")
                .body("data.error_code", equalTo(41300));

        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(404);
        operator().queryParam("log_id", call.logId()).get("/api/callbacks").then().body("total", equalTo(0));
    }

    @Test
    void amountsAtTheInt64LimitsAreKeptExactly() {
        String cancelId = uniqueId("cancel");
        String body = minimal("o-big", cancelId).replace("}",
                ",\"refund_amount\":9223372036854775807,\"user_refund_amount\":9007199254740993,"
                        + "\"penalty\":-9223372036854775808,\"cancel_order_time_unix\":4102444800}");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body).then().statusCode(200).body("data.error_code", equalTo(0));

        String stored = operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200)
                .extract().asString();
        // Compare the JSON text: a double on the way would change these digits.
        org.hamcrest.MatcherAssert.assertThat(stored, containsString("\"refund_amount\":9223372036854775807"));
        org.hamcrest.MatcherAssert.assertThat(stored, containsString("\"user_refund_amount\":9007199254740993"));
        org.hamcrest.MatcherAssert.assertThat(stored, containsString("\"penalty\":-9223372036854775808"));
    }

    @Test
    void everySpiErrorIsJsonInTheEnvelope() {
        given().get(HOTEL_CANCEL_ORDER).then().statusCode(405).contentType("application/json")
                .body("data.error_code", equalTo(40500));
        given().post("/douyin/spi/hotel/no-such-spi").then().statusCode(404).contentType("application/json")
                .body("data.error_code", equalTo(40400));
    }

    @Test
    void theOperatorApiNeedsTheOperatorsCredentials() {
        given().get("/api/hotel/cancellations").then().statusCode(401);
        given().get("/api/callbacks").then().statusCode(401);
        given().auth().preemptive().basic("operator", "wrong").get("/api/hotel/cancellations").then().statusCode(401);
        given().auth().preemptive().basic("someone", "operator-secret").get("/api/callbacks").then().statusCode(401);
        operator().get("/api/hotel/cancellations").then().statusCode(200).body("page", equalTo(0));
        operator().get("/api/callbacks").then().statusCode(200);
    }

    @Test
    void theOperatorApiAnswersJsonErrors() {
        operator().get("/api/hotel/cancellations/no-such-cancel").then().statusCode(404)
                .contentType("application/json").body("message", containsString("no-such-cancel"));
        operator().queryParam("status", "LOST").get("/api/hotel/cancellations").then().statusCode(400)
                .contentType("application/json").body("message", containsString("PENDING_AUDIT"));
        operator().queryParam("size", 0).get("/api/hotel/cancellations").then().statusCode(400);
        operator().queryParam("page", "abc").get("/api/hotel/cancellations").then().statusCode(400)
                .contentType("application/json").body("message", containsString("page must be a whole number"));
        operator().queryParam("outcome", "nope").get("/api/callbacks").then().statusCode(400);
    }

    @Test
    void cancellationsAreListedNewestFirstAndFilteredAndPaged() {
        String orderId = uniqueId("order");
        List<String> ids = new ArrayList<>();
        for (int refundType : new int[] {11, 21, 21}) {
            String cancelId = uniqueId("cancel");
            ids.add(cancelId);
            SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, true, refundType)).then().statusCode(200);
        }
        operator().queryParam("order_id", orderId).get("/api/hotel/cancellations").then()
                .body("total", equalTo(3))
                .body("items.cancel_id", equalTo(List.of(ids.get(2), ids.get(1), ids.get(0))));
        operator().queryParam("order_id", orderId).queryParam("status", "PENDING_AUDIT")
                .get("/api/hotel/cancellations").then()
                .body("total", equalTo(2)).body("items.status", everyItemIs("PENDING_AUDIT"));
        operator().queryParam("order_id", orderId).queryParam("size", 2).queryParam("page", 1)
                .get("/api/hotel/cancellations").then()
                .body("total", equalTo(3)).body("items", hasSize(1)).body("items[0].cancel_id", equalTo(ids.get(0)));
        operator().queryParam("status", "agreed").get("/api/hotel/cancellations").then()
                .body("items.cancel_id", hasItem(ids.get(0)));
    }

    private static org.hamcrest.Matcher<Iterable<? extends String>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }

    private static int cancellationsOfOrder(String orderId) {
        return operator().queryParam("order_id", orderId).get("/api/hotel/cancellations")
                .then().statusCode(200).extract().path("total");
    }

    private static long totalCancellations() {
        JsonPath page = operator().get("/api/hotel/cancellations").then().statusCode(200).extract().jsonPath();
        return page.getLong("total");
    }
}
