package com.provider.aftersale;

import com.provider.support.TestResources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.provider.aftersale.repository.SyncJobQueue;
import com.provider.support.DouyinWireMock;
import com.provider.support.ExactJson;
import com.provider.support.InjectWireMock;
import com.provider.support.Operator;
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
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.DouyinAnswers.detail;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.DouyinAnswers.detailRequests;
import static com.provider.support.DouyinAnswers.stubDefaults;
import static com.provider.support.Operator.operator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code POST /api/after-sales/sync} and {@code GET /api/after-sales}: what Douyin answers is stored exactly
 * and shown back; bad requests are JSON 400s; jobs are queued once per pending (order, certificate).
 * The job worker is off in this class ({@code %test.after-sale.sync-jobs.every=off}): queued jobs stay queued.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
class AfterSaleSyncTest {

    private static final String PUBLISHED_EXAMPLE = "/seeds/after-sale-order-detail-published-example.json";
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
    void thePublishedExampleIsStoredAndShownWithEveryFigureExact() throws Exception {
        String published = TestResources.text(PUBLISHED_EXAMPLE);
        douyin.stubFor(detailCall().willReturn(okJson(published)));
        JsonNode expected = JSON.readTree(published).path("data").path("after_sale_order_list").get(0);

        Response synced = sync("{\"order_id\":\"keXkM0H5DR\"}");
        synced.then().statusCode(200).contentType("application/json")
                .body("order_id", equalTo("keXkM0H5DR"))
                .body("account_id", equalTo(DouyinWireMock.ACCOUNT_ID))
                .body("platform_log_id", equalTo("202008121419360101980821035705926A"))
                .body("has_more", equalTo(false))
                .body("after_sale_orders", hasSize(1));
        JsonNode stored = JSON.readTree(synced.asString()).path("after_sale_orders").get(0);
        ExactJson.assertShown(expected, stored, "after_sale_orders[0]");
        // a sample of the figures near 10^18, spelled out
        assertEquals(6102405403208930000L, stored.path("deduct_fee_amount").longValue());
        assertEquals(9147462244456248000L, stored.path("reason").path("reason_code").get(0).longValue());
        assertEquals(5364986627064264000L, stored.path("refund_info_list").get(0)
                .path("times_card_refund_info_list").get(0).path("serial_number").longValue());

        // the query Douyin received: the default account, the order, no certificate, the token header
        LoggedRequest call = detailRequests(douyin).get(0);
        assertEquals(DouyinWireMock.ACCOUNT_ID, call.queryParameter("account_id").firstValue());
        assertEquals("keXkM0H5DR", call.queryParameter("order_id").firstValue());
        assertTrue(!call.queryParameter("certificate_id").isPresent(), "no certificate_id when none was asked for");
        assertTrue(call.getHeader("access-token").startsWith("clt."));

        // the rows themselves hold the exact 64-bit values
        Row row = single("SELECT deduct_fee_amount, market_refund_amount, update_time, trade_type, merchant_account_id"
                + " FROM after_sale_order WHERE after_sale_id = $1", "LVuoIFGELu");
        assertEquals(6102405403208930000L, row.getLong("deduct_fee_amount"));
        assertEquals(6991343936555123000L, row.getLong("market_refund_amount"));
        assertEquals(602470866761154600L, row.getLong("update_time"));
        assertEquals(5126624956569730000L, row.getLong("trade_type"));
        assertEquals(5953689721084050000L, row.getLong("merchant_account_id"));
        Row line = single("SELECT user_deduct_fee_amount, apply_time FROM after_sale_refund WHERE after_sale_id = $1",
                "LVuoIFGELu");
        assertEquals(8310686801524435000L, line.getLong("user_deduct_fee_amount"));
        assertEquals(963791084959951900L, line.getLong("apply_time"));

        // what the operator listing shows is the same, found by order and by certificate
        JsonNode listed = JSON.readTree(operator().get("/api/after-sales?order_id=keXkM0H5DR").then().statusCode(200)
                .extract().asString()).path("items").get(0);
        ExactJson.assertShown(expected, listed, "items[0]");
        operator().get("/api/after-sales?certificate_id=apvmjJm6US").then().statusCode(200)
                .body("items.after_sale_id", equalTo(List.of("LVuoIFGELu")))
                .body("items[0].last_synced_by", equalTo(Operator.USER)); // who asked for it
        operator().get("/api/after-sales?certificate_id=no-such-certificate").then().statusCode(200)
                .body("total", equalTo(0));

        // a second sync of the same answer updates in place: one order, one refund line, one serial number
        sync("{\"order_id\":\"keXkM0H5DR\",\"certificate_id\":\"apvmjJm6US\",\"account_id\":\"acct-other\"}")
                .then().statusCode(200).body("account_id", equalTo("acct-other"));
        assertEquals("apvmjJm6US", detailRequests(douyin).get(1).queryParameter("certificate_id").firstValue());
        assertEquals("acct-other", detailRequests(douyin).get(1).queryParameter("account_id").firstValue());
        assertEquals(1L, count("SELECT count(*) FROM after_sale_order WHERE after_sale_id = $1", "LVuoIFGELu"));
        assertEquals(1L, count("SELECT count(*) FROM after_sale_refund WHERE after_sale_id = $1", "LVuoIFGELu"));
        assertEquals(1L, count("SELECT count(*) FROM after_sale_refund_times_card WHERE after_sale_id = $1",
                "LVuoIFGELu"));
    }

    @Test
    void anOlderSnapshotDoesNotOverwriteANewerOne() {
        String orderId = unique("order");
        douyin.stubFor(detailCall().willReturn(okJson(detail(orderId, "log-new")
                .replace("\"update_time\":1700000000", "\"update_time\":1700000500"))));
        sync("{\"order_id\":\"" + orderId + "\"}").then().statusCode(200);
        douyin.stubFor(detailCall().willReturn(okJson(detail(orderId, "log-old")
                .replace("\"refund_amount\":12800", "\"refund_amount\":1"))));

        sync("{\"order_id\":\"" + orderId + "\"}").then().statusCode(200)
                .body("after_sale_orders[0].update_time", equalTo(1700000500))
                .body("after_sale_orders[0].refund_amount", equalTo(12800))
                .body("after_sale_orders[0].platform_log_id", equalTo("log-new"));
    }

    @Test
    void aCertificateScopedSyncReplacesOnlyThatCertificatesLines() {
        String orderId = unique("two-certificates");
        douyin.stubFor(detailCall().willReturn(okJson(answer(orderId, 1700000000,
                line("rf-a", "cert-a", 100, "[]") + "," + line("rf-b", "cert-b", 200, "[{\"serial_number\":7}]")))));
        sync("{\"order_id\":\"" + orderId + "\"}").then().statusCode(200)
                .body("after_sale_orders[0].refund_info_list.certificate_id", equalTo(List.of("cert-a", "cert-b")));

        // Douyin answers a certificate-scoped query with that certificate's line only
        douyin.stubFor(detailCall().willReturn(okJson(answer(orderId, 1700000100,
                line("rf-a", "cert-a", 90, "[{\"serial_number\":1}]")))));
        sync("{\"order_id\":\"" + orderId + "\",\"certificate_id\":\"cert-a\"}").then().statusCode(200)
                .body("after_sale_orders[0].refund_info_list.certificate_id",
                        org.hamcrest.Matchers.containsInAnyOrder("cert-a", "cert-b"));

        operator().get("/api/after-sales?order_id=" + orderId).then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].update_time", equalTo(1700000100))
                .body("items[0].refund_info_list", hasSize(2))
                .body("items[0].refund_info_list.find { it.certificate_id == 'cert-a' }.refund_amount", equalTo(90))
                .body("items[0].refund_info_list.find { it.certificate_id == 'cert-a' }"
                        + ".times_card_refund_info_list.serial_number", equalTo(List.of(1)))
                .body("items[0].refund_info_list.find { it.certificate_id == 'cert-b' }.refund_amount", equalTo(200))
                .body("items[0].refund_info_list.find { it.certificate_id == 'cert-b' }"
                        + ".times_card_refund_info_list.serial_number", equalTo(List.of(7)));

        // a whole-order sync is a full snapshot again: a certificate it no longer names is gone
        douyin.stubFor(detailCall().willReturn(okJson(answer(orderId, 1700000200,
                line("rf-b", "cert-b", 150, "[]")))));
        sync("{\"order_id\":\"" + orderId + "\"}").then().statusCode(200)
                .body("after_sale_orders[0].refund_info_list.certificate_id", equalTo(List.of("cert-b")))
                .body("after_sale_orders[0].refund_info_list[0].refund_amount", equalTo(150))
                .body("after_sale_orders[0].refund_info_list[0].times_card_refund_info_list", hasSize(0));
    }

    @Test
    void badRequestsAreJsonErrors() {
        sync("{\"certificate_id\":\"c1\"}").then().statusCode(400).contentType("application/json")
                .body("status", equalTo(400)).body("message", containsString("order_id is required"));
        sync("{\"order_id\":\"  \"}").then().statusCode(400).body("message", containsString("order_id"));
        sync("not json").then().statusCode(400).contentType("application/json");
        operator().get("/api/after-sales/sync-jobs?status=LOST").then().statusCode(400)
                .body("message", containsString("QUEUED, RUNNING, DONE, GAVE_UP"));
        given().contentType("application/json").body("{\"order_id\":\"o\"}").post("/api/after-sales/sync")
                .then().statusCode(401);
        assertEquals(0, detailRequests(douyin).size(), "nothing reached Douyin");
    }

    @Test
    void pendingWorkForTheSameOrderAndCertificateIsQueuedOnce() {
        String orderId = unique("queued");
        long first = jobs.enqueue(orderId, "cert-1", null, "test").await().indefinitely();
        long again = jobs.enqueue(orderId, "cert-1", null, "test").await().indefinitely();
        long otherCertificate = jobs.enqueue(orderId, "cert-2", null, "test").await().indefinitely();
        long wholeOrder = jobs.enqueue(orderId, "", null, "test").await().indefinitely();

        assertEquals(first, again);
        assertNotEquals(first, otherCertificate);
        assertNotEquals(otherCertificate, wholeOrder);
        operator().get("/api/after-sales/sync-jobs?status=QUEUED&order_id=" + orderId).then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.certificate_id", org.hamcrest.Matchers.containsInAnyOrder("cert-1", "cert-2", null))
                .body("items.attempts", org.hamcrest.Matchers.everyItem(equalTo(0)));
    }

    private static Response sync(String body) {
        return operator().contentType("application/json").body(body).post("/api/after-sales/sync");
    }

    /** A detail answer with one after-sale order of {@code orderId} and these refund lines. */
    private static String answer(String orderId, long updateTime, String lines) {
        return "{\"extra\":{\"logid\":\"log-" + updateTime + "\",\"error_code\":0,\"description\":\"\"},"
                + "\"data\":{\"error_code\":0,\"description\":\"\",\"has_more\":false,\"after_sale_order_list\":["
                + "{\"after_sale_id\":\"as-" + orderId + "\",\"order_id\":\"" + orderId + "\",\"status\":50,"
                + "\"update_time\":" + updateTime + ",\"refund_info_list\":[" + lines + "]}]}}";
    }

    private static String line(String refundId, String certificateId, long amount, String timesCards) {
        return "{\"refund_id\":\"" + refundId + "\",\"certificate_id\":\"" + certificateId + "\",\"refund_amount\":"
                + amount + ",\"times_card_refund_info_list\":" + timesCards + "}";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private Row single(String sql, String parameter) {
        Iterator<Row> rows = pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator();
        if (!rows.hasNext()) {
            fail("no row for " + sql + " with " + parameter);
        }
        return rows.next();
    }

    private long count(String sql, String parameter) {
        return single(sql, parameter).getLong(0);
    }
}
