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

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Part 2 of 2 (see {@link AuditRestartPhase1Test}): a new app on the same database delivers the held decision. */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(AuditRestartPhase2Test.Phase2.class)
class AuditRestartPhase2Test {

    public static class Phase2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.embedded.postgresql.data.dir", AuditRestartPhase1Test.DATA_DIR,
                    "hotel.audit.delivery.enabled", "true",
                    "hotel.audit.delivery.every", "1s",
                    // a cold app on a busy machine may take over the tests' 1 s for its first calls: a timed-out
                    // call may have been applied, so it is sent again, which is not what this test is about
                    "douyin.openapi.call-timeout", "5s");
        }
    }

    @InjectWireMock
    WireMockServer douyin;

    @Test
    void theNewAppDeliversTheDecisionTheStoppedOneHeld() throws Exception {
        String cancelId = Files.readString(AuditRestartPhase1Test.HANDOVER).trim();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-restart"))));

        CancellationAuditDeliveryTest.awaitStatus(cancelId, "AUDIT_SENT");

        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> calls =
                DouyinAnswers.cancelAuditRequests(douyin, cancelId);
        assertEquals(1, calls.size());
        JsonNode body = new ObjectMapper().readTree(calls.get(0).getBodyAsString());
        assertEquals(2, body.get("cancel_result").asInt());
        assertEquals("restart drill", body.get("reason").asText());
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("audit.decided_by", equalTo("operator"))
                .body("audit.platform_log_id", equalTo("log-restart"));
    }
}
