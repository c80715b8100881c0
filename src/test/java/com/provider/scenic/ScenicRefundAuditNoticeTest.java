package com.provider.scenic;

import com.provider.support.Callbacks;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scenic refund audit result notice SPI and its operator view, over HTTP, on a real database. */
@QuarkusTest
class ScenicRefundAuditNoticeTest {

    static final String NOTICE = "/douyin/spi/scenic/refund-audit-notice";
    static final String NOTICES = "/api/scenic/refund-audit-notices";
    static final String SUCCESS = "{\"data\":{\"error_code\":0,\"description\":\"success\"}}";

    @Test
    void thePublishedExampleRepairedIsStoredAsPublished() {
        String orderId = uniqueId("order");
        String repaired = published()
                .replace("\"after_sale_id\": \"8762344\" \"notice_list\"", "\"after_sale_id\": \"8762344\", \"notice_list\"")
                .replace("\"audit_result\": 1\"voucher\"", "\"audit_result\": 1, \"voucher\"")
                .replace("\"12345678\"", "\"" + orderId + "\"");
        SignedSpi call = SignedSpi.call();

        call.post(NOTICE, repaired).then().statusCode(200).contentType("application/json")
                .body(equalTo(SUCCESS));

        operator().queryParam("order_id", orderId).get(NOTICES).then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].order_id", equalTo(orderId))
                .body("items[0].after_sale_id", equalTo("8762344"))
                .body("items[0].after_sale_type", nullValue())
                .body("items[0].certificate_id", equalTo("987654321"))
                .body("items[0].code", equalTo("abcd1234"))
                .body("items[0].apply_time", equalTo(1632657476410L))
                .body("items[0].audit_time", equalTo(1632657486410L))
                .body("items[0].audit_result", equalTo(1))
                .body("items[0].voucher", equalTo(""))
                .body("items[0].total_count", nullValue())
                .body("items[0].sub_item_list", hasSize(0))
                .body("items[0].log_id", equalTo(call.logId()));
    }

    @Test
    void thePublishedExampleAsItStandsIsRefusedAndKeptRaw() {
        int before = operator().queryParam("order_id", "12345678").get(NOTICES).then().extract().path("total");
        SignedSpi call = SignedSpi.call();
        call.post(NOTICE, published()).then().statusCode(400).contentType("application/json")
                .body("data.error_code", equalTo(40000))
                .body("data.description", containsString("not valid JSON"));

        operator().queryParam("order_id", "12345678").get(NOTICES).then().body("total", equalTo(before));
        operator().queryParam("log_id", call.logId()).get("/api/callbacks").then()
                .body("total", equalTo(1))
                .body("items[0].outcome", equalTo("REJECTED"))
                .body("items[0].spi", equalTo("scenic.refund-audit-notice"));
        assertEquals(published(), Callbacks.bodyOf(call.logId()));
    }

    @Test
    void aMultiCertificateNoticeStoresOneRowPerCertificate() {
        String orderId = uniqueId("order");
        String body = """
                {"order_id":"%s","after_sale_id":"as-1","after_sale_type":3,"notice_list":[
                 {"certificate_id":"c-1","code":"k1","apply_time":1700000000000,"audit_time":1700000001000,"audit_result":1,"voucher":"v1"},
                 {"certificate_id":"c-2","code":"k2","apply_time":1700000000000,"audit_time":1700000002000,"audit_result":2,"voucher":"v2"}]}"""
                .formatted(orderId);
        SignedSpi.call().post(NOTICE, body).then().statusCode(200).body(equalTo(SUCCESS));

        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(2))
                .body("items.certificate_id", equalTo(List.of("c-2", "c-1")))
                .body("items.audit_result", equalTo(List.of(2, 1)))
                .body("items.after_sale_type", equalTo(List.of(3, 3)))
                .body("items.after_sale_id", equalTo(List.of("as-1", "as-1")));
    }

    @Test
    void aNewNoticeQueuesOneWholeOrderDetailSyncAndARedeliveryNone() {
        String orderId = uniqueId("order");
        String body = """
                {"order_id":"%s","notice_list":[{"certificate_id":"q-1","audit_time":1,"audit_result":1},
                 {"certificate_id":"q-2","audit_time":1,"audit_result":1}]}""".formatted(orderId);
        SignedSpi.call().post(NOTICE, body).then().statusCode(200);
        SignedSpi.call().post(NOTICE, body).then().statusCode(200);

        // One sync of the whole order: certificates may share an after-sale order, whose refund lines a sync replaces.
        operator().queryParam("order_id", orderId).get("/api/after-sales/sync-jobs").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].certificate_id", nullValue())
                .body("items[0].status", equalTo("QUEUED"))
                .body("items[0].source", equalTo("scenic-refund-audit-notice"));
    }

    @Test
    void aTimesCardNoticeKeepsItsCountsAmountsAndSubItems() {
        String orderId = uniqueId("order");
        SignedSpi.call().post(NOTICE, timesCard(orderId, 1, 1700000005000L)).then().statusCode(200);

        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(1))
                .body("items[0].total_count", equalTo(10))
                .body("items[0].verify_count", equalTo(3))
                .body("items[0].refund_count", equalTo(1))
                .body("items[0].origin_amount", equalTo(5000))
                .body("items[0].refund_amount", equalTo(4500))
                .body("items[0].deduct_fee_amount", equalTo(500))
                .body("items[0].sub_item_list", hasSize(2))
                .body("items[0].sub_item_list[0].sub_item_id", equalTo("s-1"))
                .body("items[0].sub_item_list[0].origin_amount", equalTo(2500))
                .body("items[0].sub_item_list[0].refund_amount", equalTo(2250))
                .body("items[0].sub_item_list[0].marketing_amount", equalTo(250))
                .body("items[0].sub_item_list[0].user_amount", equalTo(2000))
                .body("items[0].sub_item_list[0].deduct_fee_amount", equalTo(250))
                .body("items[0].sub_item_list[1].sub_item_id", equalTo("s-2"));
    }

    @Test
    void aRedeliveryAddsNothingAndIsAnsweredAsBefore() {
        String orderId = uniqueId("order");
        String body = timesCard(orderId, 1, 1700000005000L);
        String first = SignedSpi.call().post(NOTICE, body).then().statusCode(200).extract().asString();
        String again = SignedSpi.call().post(NOTICE, body).then().statusCode(200).extract().asString();

        assertEquals(first, again);
        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(1)).body("items[0].sub_item_list", hasSize(2));
        operator().queryParam("business_key", orderId).get("/api/callbacks").then()
                .body("items.outcome", equalTo(List.of("DUPLICATE", "HANDLED")));
    }

    @Test
    void aRedeliveryThatWouldChangeAStoredNoticeIsFlaggedAndChangesNothing() {
        String orderId = uniqueId("order");
        String body = timesCard(orderId, 1, 1700000005000L);
        SignedSpi.call().post(NOTICE, body).then().statusCode(200).body(equalTo(SUCCESS));
        // The same natural key (certificate, apply and audit time, result, refund count) with other amounts: first
        // on the notice, then on one of its sub-items only.
        String otherAmount = body.replace("\"refund_amount\":4500", "\"refund_amount\":4400");
        String otherSubItem = body.replace("\"marketing_amount\":250", "\"marketing_amount\":300");
        // The same values written differently: a plain redelivery, not a conflict.
        String respaced = body.replace(",\"", ", \"").replace("{\"", "{ \"");
        for (String redelivery : List.of(otherAmount, otherSubItem, respaced)) {
            SignedSpi.call().post(NOTICE, redelivery).then().statusCode(200).body(equalTo(SUCCESS));
        }

        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(1))
                .body("items[0].refund_amount", equalTo(4500))
                .body("items[0].sub_item_list.marketing_amount", equalTo(List.of(250, 0)));
        operator().queryParam("business_key", orderId).get("/api/callbacks").then()
                .body("items.outcome", equalTo(List.of("DUPLICATE", "DUPLICATE_CONFLICT", "DUPLICATE_CONFLICT",
                        "HANDLED")))
                .body("items[1].detail", containsString("sub_item_list"))
                .body("items[2].detail", containsString("refund_amount"));
    }

    @Test
    void aRedeliveryOfOneCertificateOfAnEarlierNoticeIsComparedWithWhatIsStored() {
        String orderId = uniqueId("order");
        String both = """
                {"order_id":"%s","after_sale_id":"as-1","notice_list":[
                 {"certificate_id":"c-1","code":"k1","apply_time":1700000000000,"audit_time":1700000001000,"audit_result":1,"voucher":"v1"},
                 {"certificate_id":"c-2","code":"k2","apply_time":1700000000000,"audit_time":1700000002000,"audit_result":2,"voucher":"v2"}]}"""
                .formatted(orderId);
        SignedSpi.call().post(NOTICE, both).then().statusCode(200).body(equalTo(SUCCESS));
        // The second certificate alone, as stored, then with another voucher and after-sale id.
        String second = """
                {"order_id":"%s","after_sale_id":"as-1","notice_list":[
                 {"certificate_id":"c-2","code":"k2","apply_time":1700000000000,"audit_time":1700000002000,"audit_result":2,"voucher":"v2"}]}"""
                .formatted(orderId);
        SignedSpi.call().post(NOTICE, second).then().statusCode(200).body(equalTo(SUCCESS));
        SignedSpi.call().post(NOTICE, second.replace("\"v2\"", "\"v3\"").replace("as-1", "as-9"))
                .then().statusCode(200).body(equalTo(SUCCESS));

        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(2)).body("items.voucher", equalTo(List.of("v2", "v1")));
        operator().queryParam("business_key", orderId).get("/api/callbacks").then()
                .body("items.outcome", equalTo(List.of("DUPLICATE_CONFLICT", "DUPLICATE", "HANDLED")))
                .body("items[0].detail", containsString("c-2: after_sale_id, voucher"));
    }

    @Test
    void aChangedNoticeIsFlaggedBesideManyUnchangedOnesOfTheSameRedelivery() {
        // More notices than the store keeps stored versions of (256): reading them must not lose the one it kept.
        String orderId = uniqueId("order");
        SignedSpi.call().post(NOTICE, certificates(orderId, 0, 0, "v")).then().statusCode(200).body(equalTo(SUCCESS));
        SignedSpi.call().post(NOTICE, certificates(orderId, 1, 300, "v")).then().statusCode(200).body(equalTo(SUCCESS));

        String redelivery = certificates(orderId, 0, 300, "v").replaceFirst("\"voucher\":\"v\"", "\"voucher\":\"w\"");
        SignedSpi.call().post(NOTICE, redelivery).then().statusCode(200).body(equalTo(SUCCESS));

        operator().queryParam("business_key", orderId).get("/api/callbacks").then()
                .body("items.outcome", equalTo(List.of("DUPLICATE_CONFLICT", "HANDLED", "HANDLED")))
                .body("items[0].detail", containsString("c-0: voucher"));
    }

    /** A notice of the certificates c-{from} to c-{to}, each with {@code voucher}. */
    private static String certificates(String orderId, int from, int to, String voucher) {
        StringBuilder list = new StringBuilder();
        for (int i = from; i <= to; i++) {
            list.append(i == from ? "" : ",").append("""
                    {"certificate_id":"c-%d","apply_time":1700000000000,"audit_time":1700000001000,"audit_result":1,\
                    "voucher":"%s"}""".formatted(i, voucher));
        }
        return "{\"order_id\":\"" + orderId + "\",\"notice_list\":[" + list + "]}";
    }

    @Test
    void parallelRedeliveriesStoreEachCertificateOnce() throws Exception {
        String orderId = uniqueId("order");
        String body = timesCard(orderId, 1, 1700000005000L);
        int deliveries = 30;
        ExecutorService threads = Executors.newFixedThreadPool(deliveries);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    Response response = SignedSpi.call().post(NOTICE, body);
                    return response.statusCode() + " " + response.asString();
                }));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> answer : answers) {
                distinct.add(answer.get());
            }
            assertEquals(Set.of("200 " + SUCCESS), distinct);
        } finally {
            threads.shutdownNow();
        }
        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(1)).body("items[0].sub_item_list", hasSize(2));
        operator().queryParam("business_key", orderId).queryParam("outcome", "HANDLED").get("/api/callbacks")
                .then().body("total", equalTo(1));
    }

    @Test
    void aLaterDifferentNoticeForTheSameCertificateIsKept() {
        String orderId = uniqueId("order");
        SignedSpi.call().post(NOTICE, timesCard(orderId, 1, 1700000005000L)).then().statusCode(200);
        // A second times-card refund: a new audit, a higher refund count.
        SignedSpi.call().post(NOTICE, timesCard(orderId, 2, 1700000009000L)).then().statusCode(200);
        // The first audit's result changed: same certificate, another result at another time.
        String changed = timesCard(orderId, 2, 1700000012000L).replace("\"audit_result\":1", "\"audit_result\":2");
        SignedSpi.call().post(NOTICE, changed).then().statusCode(200);

        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(3))
                .body("items.refund_count", equalTo(List.of(2, 2, 1)))
                .body("items.audit_result", equalTo(List.of(2, 1, 1)))
                .body("items.certificate_id", equalTo(List.of("tc-1", "tc-1", "tc-1")));
    }

    @Test
    void missingOptionalFieldsAreStoredAsAbsent() {
        String orderId = uniqueId("order");
        SignedSpi.call().post(NOTICE, "{\"order_id\":\"" + orderId + "\",\"notice_list\":[{\"certificate_id\":\"bare\"}]}")
                .then().statusCode(200).body(equalTo(SUCCESS));

        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(1))
                .body("items[0].certificate_id", equalTo("bare"))
                .body("items[0].after_sale_id", nullValue())
                .body("items[0].code", nullValue())
                .body("items[0].apply_time", nullValue())
                .body("items[0].audit_result", nullValue())
                .body("items[0].voucher", nullValue());
    }

    @Test
    void aVoucherSentAsAStructureIsKeptAsItsJson() {
        String orderId = uniqueId("order");
        String body = "{\"order_id\":\"" + orderId + "\",\"notice_list\":[{\"certificate_id\":\"v\","
                + "\"voucher\":{\"voucher_type\":1,\"qr_code\":\"abc\"}}]}";
        SignedSpi.call().post(NOTICE, body).then().statusCode(200);
        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("items[0].voucher", equalTo("{\"voucher_type\":1,\"qr_code\":\"abc\"}"));
    }

    @Test
    void theSameNoticeTwiceInOneListIsStoredOnce() {
        String orderId = uniqueId("order");
        String item = "{\"certificate_id\":\"dup\",\"audit_time\":5,\"audit_result\":1,"
                + "\"sub_item_list\":[{\"sub_item_id\":\"s\",\"refund_amount\":1}]}";
        SignedSpi.call().post(NOTICE, "{\"order_id\":\"" + orderId + "\",\"notice_list\":[" + item + "," + item + "]}")
                .then().statusCode(200).body(equalTo(SUCCESS));
        operator().queryParam("order_id", orderId).get(NOTICES).then()
                .body("total", equalTo(1)).body("items[0].sub_item_list", hasSize(1));
    }

    @Test
    void amountsUpToTheInt64RangeAreKeptExactly() {
        String orderId = uniqueId("order");
        String body = """
                {"order_id":"%s","notice_list":[{"certificate_id":"big","total_count":9223372036854775807,
                "origin_amount":9223372036854775807,"refund_amount":9223372036854775806,"deduct_fee_amount":1,
                "apply_time":9223372036854775807,"sub_item_list":[{"sub_item_id":"s","origin_amount":9007199254740993,
                "refund_amount":9007199254740993,"marketing_amount":0,"user_amount":9007199254740993,
                "deduct_fee_amount":-9223372036854775808}]}]}""".formatted(orderId);
        SignedSpi.call().post(NOTICE, body).then().statusCode(200);

        String stored = operator().queryParam("order_id", orderId).get(NOTICES).then().extract().asString();
        assertThat(stored, containsString("\"origin_amount\":9223372036854775807"));
        assertThat(stored, containsString("\"refund_amount\":9223372036854775806"));
        assertThat(stored, containsString("\"apply_time\":9223372036854775807"));
        assertThat(stored, containsString("\"user_amount\":9007199254740993"));
        assertThat(stored, containsString("\"deduct_fee_amount\":-9223372036854775808"));
    }

    @Test
    void badNoticesAreRefusedAndKeptRaw() {
        for (String[] bad : new String[][] {
                {"{\"notice_list\":[{\"certificate_id\":\"c\"}]}", "order_id is required"},
                {"{\"order_id\":\"o\",\"notice_list\":[]}", "notice_list must not be empty"},
                {"{\"order_id\":\"o\"}", "notice_list is required"},
                {"{\"order_id\":\"o\",\"notice_list\":[{\"code\":\"c\"}]}", "notice_list[0].certificate_id is required"},
                {"{\"order_id\":\"o\",\"notice_list\":[{\"certificate_id\":\"c\",\"refund_amount\":\"12\"}]}",
                        "notice_list[0].refund_amount must be an integer"},
                {"{\"order_id\":\"o\",\"notice_list\":[{\"certificate_id\":\"c\",\"apply_time\":1e12}]}",
                        "notice_list[0].apply_time must be an integer"},
                {"{\"order_id\":\"o\",\"notice_list\":[{\"certificate_id\":\"c\",\"sub_item_list\":[{\"user_amount\":99999999999999999999}]}]}",
                        "notice_list[0].sub_item_list[0].user_amount is out of the 64-bit integer range"},
                {"{\"order_id\":\"o\",\"notice_list\":[{\"certificate_id\":\"" + "c".repeat(3000) + "\"}]}",
                        "notice_list[0].certificate_id is longer than 64 characters"},
                {"{\"order_id\":\"" + "o".repeat(65) + "\",\"notice_list\":[{\"certificate_id\":\"c\"}]}",
                        "order_id is longer than 64 characters"},
                {"{\"order_id\":\"o\",\"notice_list\":[{\"certificate_id\":\"c\",\"voucher\":\"" + "v".repeat(16_385) + "\"}]}",
                        "notice_list[0].voucher is longer than 16384 characters"},
                {"{\"order_id\":\"o\",\"notice_list\":[{\"certificate_id\":\"c\",\"sub_item_list\":[{\"sub_item_id\":\"" + "s".repeat(65) + "\"}]}]}",
                        "notice_list[0].sub_item_list[0].sub_item_id is longer than 64 characters"}}) {
            SignedSpi call = SignedSpi.call();
            call.post(NOTICE, bad[0]).then().statusCode(400)
                    .body("data.error_code", equalTo(40000))
                    .body("data.description", containsString(bad[1]));
            operator().queryParam("log_id", call.logId()).get("/api/callbacks").then()
                    .body("items[0].outcome", equalTo("REJECTED"));
            assertEquals(bad[0], Callbacks.bodyOf(call.logId()));
        }
        operator().queryParam("order_id", "o").get(NOTICES).then().body("total", equalTo(0));
    }

    @Test
    void theScenicSignatureVectorIsAcceptedAtTheScenicEndpoint() {
        String body = "{\"order_id\":\"12345678\",\"after_sale_id\":\"8762344\",\"after_sale_type\":1,\"notice_list\":"
                + "[{\"certificate_id\":\"987654321\",\"code\":\"abcd1234\",\"apply_time\":1632657476410,"
                + "\"audit_time\":1632657486410,\"audit_result\":1,\"voucher\":\"\"}]}";
        given().urlEncodingEnabled(false)
                .queryParam("timestamp", "1632657476999").queryParam("client_key", "awxSCENIC").queryParam("biz", "scenic")
                .header("x-life-sign", "2e632b8db4f3d661a9a28c4dac27ae55810f82652bf8003d51e442dc61d7eece")
                .contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .post(NOTICE).then().statusCode(200).body(equalTo(SUCCESS));
        operator().queryParam("order_id", "12345678").get(NOTICES).then()
                .body("items[0].client_key", equalTo("awxSCENIC")).body("items[0].after_sale_type", equalTo(1));
    }

    @Test
    void theNoticeListNeedsTheOperatorsCredentials() {
        given().get(NOTICES).then().statusCode(401);
    }

    private static String timesCard(String orderId, int refundCount, long auditTime) {
        return """
                {"order_id":"%s","after_sale_type":1,"notice_list":[{"certificate_id":"tc-1","code":"k",
                "total_count":10,"verify_count":3,"refund_count":%d,"origin_amount":5000,"refund_amount":4500,
                "deduct_fee_amount":500,"sub_item_list":[
                {"sub_item_id":"s-1","origin_amount":2500,"refund_amount":2250,"marketing_amount":250,"user_amount":2000,"deduct_fee_amount":250},
                {"sub_item_id":"s-2","origin_amount":2500,"refund_amount":2250,"marketing_amount":0,"user_amount":2250,"deduct_fee_amount":250}],
                "apply_time":1700000000000,"audit_time":%d,"audit_result":1,"voucher":""}]}"""
                .formatted(orderId, refundCount, auditTime);
    }

    private static String published() {
        return com.provider.support.TestResources.text("/seeds/scenic-refund-audit-notice-published-example.json");
    }
}
