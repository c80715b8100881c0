package com.provider.hotel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.provider.support.DouyinAnswers;
import com.provider.support.DouyinWireMock;
import com.provider.support.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.hotel.CancellationAuditTest.pendingCancellation;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With a deadline configured, an undecided cancellation is decided by the configured default and delivered. */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(CancellationAuditDeadlineTest.Deadline.class)
class CancellationAuditDeadlineTest {

    static final Duration DEADLINE = Duration.ofSeconds(5);

    public static class Deadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hotel.audit.delivery.enabled", "true",
                    "hotel.audit.delivery.every", "1s",
                    // Long enough that a loaded 2-core machine decides within it (at 2 s the deadline once won
                    // the race against the operator's decision below, which was answered 409).
                    "hotel.audit.deadline", DEADLINE.getSeconds() + "s",
                    "hotel.audit.default-result", "reject",
                    "hotel.audit.default-reason", "The hotel did not answer in time");
        }
    }

    @InjectWireMock
    WireMockServer douyin;

    @Test
    void anUndecidedCancellationIsDecidedByTheDefaultOnceTheDeadlinePasses() throws Exception {
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-deadline"))));
        operator().get("/api/hotel/cancellations/" + cancelId).then().body("status", equalTo("PENDING_AUDIT"));

        CancellationAuditDeliveryTest.awaitStatus(cancelId, "AUDIT_SENT");

        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("audit.result", equalTo("reject"))
                .body("audit.decided_by", equalTo("deadline"))
                .body("audit.reason", equalTo("The hotel did not answer in time"))
                .body("history.status", equalTo(java.util.List.of("PENDING_AUDIT", "REJECTED", "AUDIT_SENT")))
                .body("history[1].actor", equalTo("deadline"));
        JsonNode body = new ObjectMapper().readTree(
                DouyinAnswers.cancelAuditRequests(douyin, cancelId).get(0).getBodyAsString());
        assertEquals(2, body.get("cancel_result").asInt());
        assertEquals("The hotel did not answer in time", body.get("reason").asText());
    }

    @Test
    void aDecisionMadeBeforeTheDeadlineIsNotOverridden() throws InterruptedException {
        Instant arrived = Instant.now();
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-op"))));
        CancellationAuditTest.decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);

        CancellationAuditDeliveryTest.awaitStatus(cancelId, "AUDIT_SENT");
        // Past the deadline and two more rounds of the worker, the operator's decision still stands, sent once.
        Duration left = Duration.between(Instant.now(), arrived.plus(DEADLINE).plusSeconds(2));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis());
        }
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AUDIT_SENT"))
                .body("audit.result", equalTo("agree")).body("audit.decided_by", equalTo("operator"));
        assertEquals(1, DouyinAnswers.cancelAuditRequests(douyin, cancelId).size());
    }
}
