package com.provider.hotel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.provider.support.DouyinAnswers;
import com.provider.support.DouyinWireMock;
import com.provider.support.FastDelivery;
import com.provider.support.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.hotel.CancellationAuditTest.decide;
import static com.provider.hotel.CancellationAuditTest.pendingCancellation;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Decisions reach Douyin's cancel-audit API (WireMock) through the outbox: exact bodies, retries, no doubles. */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(FastDelivery.class)
class CancellationAuditDeliveryTest {

    @InjectWireMock
    WireMockServer douyin;

    @Test
    void anAgreementIsSentAsThePlatformExpectsAndMarkedSent() throws Exception {
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-agree"))));

        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);
        awaitStatus(cancelId, "AUDIT_SENT");

        List<LoggedRequest> calls = DouyinAnswers.cancelAuditRequests(douyin, cancelId);
        assertEquals(1, calls.size());
        JsonNode body = new ObjectMapper().readTree(calls.get(0).getBodyAsString());
        assertEquals(cancelId, body.get("cancel_Id").asText());
        assertEquals(2, body.get("cancel_type").asInt());
        assertEquals(1, body.get("cancel_result").asInt());
        assertFalse(body.path("order_id").asText().isEmpty());
        assertEquals(4, body.size(), "cancel_Id, order_id, cancel_type, cancel_result and nothing else: " + body);
        assertFalse(body.has("reason"), "no reason is sent with an agreement");
        assertEquals(DouyinAnswers.DEFAULT_TOKEN, calls.get(0).getHeader("access-token"));
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("audit.delivery_status", equalTo("SENT"))
                .body("audit.platform_log_id", equalTo("log-agree"))
                .body("audit.sent_at", notNullValue())
                .body("history[2].status", equalTo("AUDIT_SENT"));
        String metrics = com.provider.support.Management.management().get("/q/metrics").then().extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString(
                "aftersale_douyin_calls_seconds_count{api=\"cancel_audit\",outcome=\"SUCCESS\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString(
                "aftersale_douyin_calls_seconds_count{api=\"client_token\",outcome=\"SUCCESS\"}"));
    }

    @Test
    void aRejectionCarriesItsReason() throws Exception {
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-reject"))));

        decide(cancelId, "{\"result\":\"reject\",\"reason\":\"已入住，不可取消\"}").then().statusCode(202);
        awaitStatus(cancelId, "AUDIT_SENT");

        JsonNode body = new ObjectMapper().readTree(
                DouyinAnswers.cancelAuditRequests(douyin, cancelId).get(0).getBodyAsString());
        assertEquals(cancelId, body.get("cancel_Id").asText());
        assertEquals(2, body.get("cancel_result").asInt());
        assertEquals(2, body.get("cancel_type").asInt());
        assertEquals("已入住，不可取消", body.get("reason").asText());
    }

    @Test
    void aBusyAnswerIsFollowedByASuccessfulRetry() {
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).inScenario(cancelId)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(DouyinAnswers.platformError(2119002, "log-busy")))
                .willSetStateTo("answered once"));
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).inScenario(cancelId)
                .whenScenarioStateIs("answered once")
                .willReturn(okJson(DouyinAnswers.accepted("log-after-busy"))));

        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);
        awaitStatus(cancelId, "AUDIT_SENT");

        assertEquals(2, DouyinAnswers.cancelAuditRequests(douyin, cancelId).size());
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("audit.platform_log_id", equalTo("log-after-busy"));
        org.hamcrest.MatcherAssert.assertThat(com.provider.support.Management.management().get("/q/metrics").then().extract()
                .asString(), containsString("aftersale_douyin_retries_total{api=\"cancel_audit\"}"));
    }

    @Test
    void aSecondDecisionIsRefusedAndNothingIsSentTwice() throws Exception {
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-once"))));
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);
        awaitStatus(cancelId, "AUDIT_SENT");

        decide(cancelId, "{\"result\":\"reject\",\"reason\":\"again\"}").then().statusCode(409)
                .body("message", containsString("AUDIT_SENT"));
        Thread.sleep(1000); // several delivery rounds
        assertEquals(1, DouyinAnswers.cancelAuditRequests(douyin, cancelId).size());
    }

    @Test
    void aDecisionDouyinRefusesForGoodStaysVisibleAndIsNotRetried() throws Exception {
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId)
                .willReturn(okJson(DouyinAnswers.businessError(2119001, "log-refused"))));
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);

        awaitDelivery(cancelId, "FAILED");
        Thread.sleep(800);
        assertEquals(1, DouyinAnswers.cancelAuditRequests(douyin, cancelId).size());
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AGREED"))
                .body("audit.last_error", containsString("2119001"))
                .body("audit.platform_log_id", equalTo("log-refused"))
                .body("history.status", org.hamcrest.Matchers.hasItem("DELIVERY_FAILED"));

        // Once the cause is fixed, an operator sends it again; a second request is refused.
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-fixed"))));
        operator().contentType("application/json").post("/api/hotel/cancellations/" + cancelId + "/audit/redeliver").then().statusCode(202)
                .body("audit.delivery_status", equalTo("PENDING"));
        awaitStatus(cancelId, "AUDIT_SENT");
        assertEquals(2, DouyinAnswers.cancelAuditRequests(douyin, cancelId).size());
        operator().contentType("application/json").post("/api/hotel/cancellations/" + cancelId + "/audit/redeliver").then().statusCode(409);
        operator().contentType("application/json").post("/api/hotel/cancellations/no-such/audit/redeliver").then().statusCode(404);
    }

    @Test
    void aPlatformOutageIsRetriedUntilDouyinAccepts() {
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(DouyinAnswers.serverError()));
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);

        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Integer attempts = operator().get("/api/hotel/cancellations/" + cancelId).then().extract().path("audit.attempts");
            if (attempts != null && attempts >= 2) {
                break;
            }
            sleep(100);
        }
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AGREED"))
                .body("audit.delivery_status", equalTo("PENDING"))
                .body("audit.last_error", containsString("HTTP 500"));

        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-back"))));
        awaitStatus(cancelId, "AUDIT_SENT");
    }

    static void awaitStatus(String cancelId, String status) {
        await(cancelId, "status", status);
    }

    static void awaitDelivery(String cancelId, String deliveryStatus) {
        await(cancelId, "audit.delivery_status", deliveryStatus);
    }

    private static void await(String cancelId, String path, String expected) {
        long deadline = System.currentTimeMillis() + 15_000;
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            seen = operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200).extract().path(path);
            if (expected.equals(seen)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError(path + " of " + cancelId + " is " + seen + ", expected " + expected);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
