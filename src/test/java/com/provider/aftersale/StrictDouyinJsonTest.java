package com.provider.aftersale;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.provider.support.DouyinWireMock;
import com.provider.support.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.DouyinAnswers.detail;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.DouyinAnswers.detailRequests;
import static com.provider.support.DouyinAnswers.stubDefaults;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Douyin's answers are read exactly: the REST client's mapper for Douyin coerces nothing (no float into a long, no
 * string or number into a boolean), except the protocol's own case, an int64 sent as a decimal-integer string. An
 * inexact answer is a platform error (outcome MALFORMED, 502) that carries Douyin's log id, read from the raw
 * answer, and nothing of it is stored.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
class StrictDouyinJsonTest {

    @InjectWireMock
    WireMockServer douyin;

    @Inject
    Pool pool;

    @BeforeEach
    void healthyPlatform() {
        douyin.resetAll();
        stubDefaults(douyin);
    }

    @Test
    void inexactOrMistypedNumbersAreRefusedWithTheLogIdAndNothingIsStored() {
        String[][] cases = {
                {"\"refund_amount\":12800", "\"refund_amount\":1.5e3"},
                {"\"refund_amount\":12800", "\"refund_amount\":1.5"},
                {"\"refund_amount\":12800", "\"refund_amount\":12800.0"},
                {"\"refund_amount\":12800", "\"refund_amount\":\"1.5e3\""},
                {"\"refund_amount\":12800", "\"refund_amount\":\"12.0\""},
                {"\"refund_amount\":12800", "\"refund_amount\":\"\""},
                {"\"refund_amount\":12800", "\"refund_amount\":\" 12800\""},
                {"\"refund_amount\":12800", "\"refund_amount\":\"+12800\""},
                {"\"refund_amount\":12800", "\"refund_amount\":true"},
                {"\"refund_amount\":12800", "\"refund_amount\":9223372036854775808"},
                {"\"refund_amount\":12800", "\"refund_amount\":\"9223372036854775808\""},
                {"\"update_time\":1700000000", "\"update_time\":1.7e9"},
                {"\"is_verified\":false", "\"is_verified\":\"false\""},
                {"\"is_verified\":false", "\"is_verified\":0"},
                {"\"error_code\":0,\"description\":\"\",\"has_more\"", "\"error_code\":\"0\",\"description\":\"\",\"has_more\""},
                {"\"has_more\":false", "\"has_more\":\"false\""}};
        for (String[] change : cases) {
            String orderId = "strict-" + UUID.randomUUID();
            String answer = detail(orderId, "log-inexact").replaceFirst(java.util.regex.Pattern.quote(change[0]),
                    java.util.regex.Matcher.quoteReplacement(change[1]));
            douyin.stubFor(detailCall().willReturn(okJson(answer)));

            sync(orderId).then().statusCode(502).contentType("application/json")
                    .body("outcome", equalTo("MALFORMED"))
                    .body("platform_log_id", equalTo("log-inexact"))
                    .body("message", containsString("not exactly as the protocol says"));

            assertEquals(0, storedOrders(orderId), "nothing stored for " + change[1]);
        }
        assertEquals(cases.length, detailRequests(douyin).size(), "an inexact answer is not asked for again");
    }

    @Test
    void decimalIntegerStringsAreTheProtocolsOwnAndAreStoredExactly() {
        String orderId = "decimal-" + UUID.randomUUID();
        String answer = detail(orderId, "log-strings")
                .replace("\"refund_amount\":12800,\"update_time\":1700000000",
                        "\"refund_amount\":\"9147462244456248001\",\"update_time\":\"1700000123\"")
                .replace("\"refund_status\":50", "\"refund_status\":\"50\"")
                .replace("\"now\":1700000000000", "\"now\":\"1700000000000\"");
        douyin.stubFor(detailCall().willReturn(okJson(answer)));

        sync(orderId).then().statusCode(200)
                .body("after_sale_orders[0].refund_amount", equalTo(9147462244456248001L))
                .body("after_sale_orders[0].update_time", equalTo(1700000123))
                .body("after_sale_orders[0].refund_info_list[0].refund_status", equalTo(50));
        long stored = pool.preparedQuery("SELECT refund_amount FROM after_sale_order WHERE order_id = $1")
                .execute(Tuple.of(orderId)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(9147462244456248001L, stored);
    }

    @Test
    void anAnswerThatIsNotJsonCarriesTheLogIdOfItsHeader() {
        String orderId = "not-json-" + UUID.randomUUID();
        douyin.stubFor(detailCall().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("X-Tt-Logid", "log-from-header")
                .withBody("{\"data\":{\"error_code\":0,")));

        sync(orderId).then().statusCode(502)
                .body("outcome", equalTo("MALFORMED"))
                .body("platform_log_id", equalTo("log-from-header"));
        assertEquals(0, storedOrders(orderId));
    }

    private static Response sync(String orderId) {
        return operator().contentType("application/json").body("{\"order_id\":\"" + orderId + "\"}")
                .post("/api/after-sales/sync");
    }

    private long storedOrders(String orderId) {
        return pool.preparedQuery("SELECT count(*) FROM after_sale_order WHERE order_id = $1")
                .execute(Tuple.of(orderId)).await().indefinitely().iterator().next().getLong(0);
    }
}
