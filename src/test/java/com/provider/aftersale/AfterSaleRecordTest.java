package com.provider.aftersale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.provider.aftersale.repository.SyncJobQueue;
import com.provider.support.Metrics;
import com.provider.support.DouyinWireMock;
import com.provider.support.ExactJson;
import com.provider.support.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.DouyinAnswers.stubDefaults;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The after-sale record is complete and exact: every field of the detail API, the page's and those ByteDance's
 * OpenAPI SDK adds (PROTOCOL.md 2c), is stored and shown back by the operator API with every int64 exact, whether
 * Douyin sent it as a JSON number or as a decimal string; {@code has_more} is recorded and counted; the listings
 * page with their true total and combine their filters.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
class AfterSaleRecordTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer douyin;

    @Inject
    Pool pool;

    @Inject
    SyncJobQueue jobs;

    @BeforeEach
    void healthyPlatform() {
        douyin.resetAll();
        stubDefaults(douyin);
    }

    @Test
    void everyFieldIsStoredAndShownExactlyWhenDouyinSendsNumbers() throws Exception {
        everyFieldIsStoredAndShownExactly(false);
    }

    @Test
    void everyFieldIsStoredAndShownExactlyWhenDouyinSendsDecimalStrings() throws Exception {
        everyFieldIsStoredAndShownExactly(true);
    }

    private void everyFieldIsStoredAndShownExactly(boolean asStrings) throws Exception {
        String orderId = unique("complete");
        ObjectNode order = completeOrder(orderId);
        douyin.stubFor(detailCall().willReturn(okJson(answer("log-complete", false, "", asStrings, order))));

        JsonNode synced = JSON.readTree(sync(orderId, null).then().statusCode(200).extract().asString());
        ExactJson.assertShown(order, synced.path("after_sale_orders").get(0), "after_sale_orders[0]");

        JsonNode listed = JSON.readTree(operator().get("/api/after-sales?order_id=" + orderId).then().statusCode(200)
                .extract().asString());
        assertEquals(1, listed.path("total").asInt());
        ExactJson.assertShown(order, listed.path("items").get(0), "items[0]");
        assertEquals(DouyinWireMock.ACCOUNT_ID, listed.path("items").get(0).path("account_id").asText());
        assertEquals("log-complete", listed.path("items").get(0).path("platform_log_id").asText());

        // the columns themselves, for the amounts the SDK adds
        Row line = single("SELECT platform_market_refund_amount, platform_market_deduct_fee_amount FROM after_sale_refund"
                + " WHERE after_sale_id = $1 AND certificate_id = 'cert-1'", "as-" + orderId);
        JsonNode firstLine = order.path("refund_info_list").get(0);
        assertEquals(firstLine.path("platform_market_refund_amount").longValue(),
                line.getLong("platform_market_refund_amount"));
        assertEquals(firstLine.path("platform_market_deduct_fee_amount").longValue(),
                line.getLong("platform_market_deduct_fee_amount"));
        Row card = single("SELECT t.serial_number, t.platform_market_deduct_fee_amount FROM after_sale_refund_times_card t"
                + " JOIN after_sale_refund r USING (after_sale_id, line_no)"
                + " WHERE t.after_sale_id = $1 AND r.certificate_id = 'cert-1' ORDER BY t.entry_no DESC LIMIT 1",
                "as-" + orderId);
        JsonNode lastCard = firstLine.path("times_card_refund_info_list").get(1);
        assertEquals(lastCard.path("serial_number").longValue(), card.getLong("serial_number"));
        assertEquals(lastCard.path("platform_market_deduct_fee_amount").longValue(),
                card.getLong("platform_market_deduct_fee_amount"));
    }

    @Test
    void hasMoreIsRecordedOnTheOrderAndCounted() throws Exception {
        String orderId = unique("has-more");
        double before = hasMoreMetric();
        douyin.stubFor(detailCall().willReturn(okJson(answer("log-more", true, "next-page-cursor", false,
                minimalOrder("as-" + orderId, orderId, "cert-1")))));

        sync(orderId, null).then().statusCode(200)
                .body("has_more", equalTo(true))
                .body("cursor", equalTo("next-page-cursor"))
                .body("after_sale_orders[0].has_more", equalTo(true))
                .body("after_sale_orders[0].cursor", equalTo("next-page-cursor"));
        operator().get("/api/after-sales?order_id=" + orderId).then().statusCode(200)
                .body("items[0].has_more", equalTo(true))
                .body("items[0].cursor", equalTo("next-page-cursor"));
        assertEquals(before + 1, hasMoreMetric());

        // the next answer is complete: the order says so, and nothing more is counted
        douyin.stubFor(detailCall().willReturn(okJson(answer("log-all", false, "", false,
                minimalOrder("as-" + orderId, orderId, "cert-1")))));
        sync(orderId, null).then().statusCode(200).body("has_more", equalTo(false))
                .body("after_sale_orders[0].has_more", equalTo(false));
        assertEquals(before + 1, hasMoreMetric());
    }

    @Test
    void pagesAtTheEndAndPastItReportTheTrueTotal() {
        String orderId = unique("paged");
        douyin.stubFor(detailCall().willReturn(okJson(answer("log-paged", false, "", false,
                minimalOrder("as-1-" + orderId, orderId, "c1"), minimalOrder("as-2-" + orderId, orderId, "c2"),
                minimalOrder("as-3-" + orderId, orderId, "c3")))));
        sync(orderId, null).then().statusCode(200).body("after_sale_orders", hasSize(3));

        operator().get("/api/after-sales?order_id=" + orderId + "&size=2&page=0").then().statusCode(200)
                .body("items", hasSize(2)).body("total", equalTo(3));
        operator().get("/api/after-sales?order_id=" + orderId + "&size=2&page=1").then().statusCode(200)
                .body("items", hasSize(1)).body("total", equalTo(3)).body("page", equalTo(1));
        operator().get("/api/after-sales?order_id=" + orderId + "&size=2&page=7").then().statusCode(200)
                .body("items", empty()).body("total", equalTo(3)).body("page", equalTo(7));

        for (String certificate : List.of("c1", "c2", "c3")) {
            jobs.enqueue(orderId, certificate, null, "test").await().indefinitely();
        }
        operator().get("/api/after-sales/sync-jobs?order_id=" + orderId + "&size=2&page=1").then().statusCode(200)
                .body("items", hasSize(1)).body("total", equalTo(3));
        operator().get("/api/after-sales/sync-jobs?order_id=" + orderId + "&size=2&page=5").then().statusCode(200)
                .body("items", empty()).body("total", equalTo(3));
    }

    @Test
    void filtersCombine() {
        String first = unique("filter-a");
        String second = unique("filter-b");
        douyin.stubFor(detailCall().willReturn(okJson(answer("log-a", false, "", false,
                minimalOrder("as-" + first, first, "cert-" + first)))));
        sync(first, null).then().statusCode(200);
        douyin.stubFor(detailCall().willReturn(okJson(answer("log-b", false, "", false,
                minimalOrder("as-" + second, second, "cert-" + second)))));
        sync(second, null).then().statusCode(200);

        operator().get("/api/after-sales?order_id=" + first + "&certificate_id=cert-" + first).then().statusCode(200)
                .body("total", equalTo(1)).body("items.after_sale_id", equalTo(List.of("as-" + first)));
        operator().get("/api/after-sales?order_id=" + first + "&certificate_id=cert-" + second).then()
                .statusCode(200).body("total", equalTo(0)).body("items", empty());
        operator().get("/api/after-sales?certificate_id=cert-" + second).then().statusCode(200)
                .body("total", equalTo(1)).body("items.after_sale_id", equalTo(List.of("as-" + second)));

        jobs.enqueue(first, "cert-1", null, "test").await().indefinitely();
        jobs.enqueue(second, "cert-1", null, "test").await().indefinitely();
        operator().get("/api/after-sales/sync-jobs?status=QUEUED&order_id=" + first).then().statusCode(200)
                .body("total", equalTo(1)).body("items.order_id", equalTo(List.of(first)));
        operator().get("/api/after-sales/sync-jobs?status=DONE&order_id=" + first).then().statusCode(200)
                .body("total", equalTo(0));
    }

    /**
     * An after-sale order with every field of the page and of the SDK, each int64 a different value counting down
     * from 2^63 - 1 (so a field stored in another's column shows), one at -2^63.
     */
    private static ObjectNode completeOrder(String orderId) {
        long[] next = {Long.MAX_VALUE};
        ObjectNode order = JSON.createObjectNode()
                .put("after_sale_id", "as-" + orderId).put("out_biz_after_sale_id", "out-biz-" + orderId)
                .put("order_id", orderId).put("out_refund_payment_id", "out-pay-" + orderId)
                .put("audit_result", "agreed").put("reject_reason", "none");
        for (String field : List.of("merchant_account_id", "status", "refund_type", "order_type", "trade_type",
                "audit_time", "create_time", "update_time", "complete_time")) {
            order.put(field, next[0]--);
        }
        amounts(order, next, "refund_amount", "user_refund_amount", "market_refund_amount", "deduct_fee_amount",
                "user_deduct_fee_amount", "market_deduct_fee_amount", "total_refund_amount", "real_refund_amount");
        ObjectNode reason = order.putObject("reason").put("desc", "changed plans");
        reason.putArray("reason_code").add(next[0]--).add(Long.MIN_VALUE);
        reason.putArray("show_reason").addObject().put("reason_code", next[0]--).put("msg", "\u884c\u7a0b\u53d8\u66f4");
        ArrayNode lines = order.putArray("refund_info_list");
        for (int i = 1; i <= 2; i++) {
            ObjectNode line = lines.addObject().put("refund_id", "rf-" + i).put("certificate_id", "cert-" + i)
                    .put("code", "code-" + i).put("order_item_id", "item-" + i).put("is_verified", i == 2);
            line.put("refund_status", next[0]--);
            amounts(line, next, "refund_amount", "user_refund_amount", "market_refund_amount", "deduct_fee_amount",
                    "user_deduct_fee_amount", "market_deduct_fee_amount", "total_refund_amount", "real_refund_amount",
                    "platform_market_refund_amount", "platform_market_deduct_fee_amount", "apply_time", "create_time",
                    "update_time", "complete_time");
            ArrayNode cards = line.putArray("times_card_refund_info_list");
            for (int j = 0; j < (i == 1 ? 2 : 0); j++) {
                amounts(cards.addObject(), next, "serial_number", "refund_amount", "origin_amount", "user_amount",
                        "marketing_amount", "platform_market_amount", "deduct_fee_amount", "user_deduct_fee_amount",
                        "platform_market_deduct_fee_amount");
            }
        }
        return order;
    }

    private static void amounts(ObjectNode node, long[] next, String... fields) {
        for (String field : fields) {
            node.put(field, next[0]--);
        }
    }

    private static ObjectNode minimalOrder(String afterSaleId, String orderId, String certificateId) {
        ObjectNode order = JSON.createObjectNode().put("after_sale_id", afterSaleId).put("order_id", orderId)
                .put("status", 50).put("update_time", 1700000000);
        order.putArray("refund_info_list").addObject().put("refund_id", "rf-" + afterSaleId)
                .put("certificate_id", certificateId).put("refund_amount", 100);
        return order;
    }

    /** A detail answer with these orders; with {@code asStrings} every integer in them is a decimal string. */
    private static String answer(String logId, boolean hasMore, String cursor, boolean asStrings,
                                 ObjectNode... orders) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("extra").put("logid", logId).put("error_code", 0).put("description", "");
        ObjectNode data = answer.putObject("data").put("error_code", 0).put("description", "")
                .put("has_more", hasMore).put("cursor", cursor);
        ArrayNode list = data.putArray("after_sale_order_list");
        for (ObjectNode order : orders) {
            list.add(asStrings ? integersAsStrings(order.deepCopy()) : order);
        }
        return answer.toString();
    }

    private static JsonNode integersAsStrings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(field.getValue().isIntegralNumber() ? JSON.getNodeFactory().textNode(
                        field.getValue().bigIntegerValue().toString()) : integersAsStrings(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, array.get(i).isIntegralNumber()
                        ? JSON.getNodeFactory().textNode(array.get(i).bigIntegerValue().toString())
                        : integersAsStrings(array.get(i)));
            }
        }
        return node;
    }

    private static double hasMoreMetric() {
        return Metrics.scrape().sum("aftersale_sync_has_more_total");
    }

    private static Response sync(String orderId, String certificateId) {
        return operator().contentType("application/json").body(certificateId == null
                        ? "{\"order_id\":\"" + orderId + "\"}"
                        : "{\"order_id\":\"" + orderId + "\",\"certificate_id\":\"" + certificateId + "\"}")
                .post("/api/after-sales/sync");
    }

    private Row single(String sql, String parameter) {
        Iterator<Row> rows = pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator();
        assertTrue(rows.hasNext(), "no row for " + sql + " with " + parameter);
        return rows.next();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
