package com.provider.hotel;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.provider.hotel.repository.DecisionOutbox;
import com.provider.hotel.service.AuditDeliveryWorker;
import com.provider.support.DouyinAnswers;
import com.provider.support.DouyinWireMock;
import com.provider.support.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.QueueChecks.assertLogged;
import static com.provider.support.QueueChecks.gaveUpMetric;
import static com.provider.hotel.CancellationAuditTest.decide;
import static com.provider.hotel.CancellationAuditTest.pendingCancellation;
import static com.provider.support.DouyinAnswers.cancelAuditRequests;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision outbox across failures, one delivery round at a time (the scheduled delivery is off; the test runs
 * {@link AuditDeliveryWorker#deliverDue()}): a cancel-audit POST that timed out (or got a 5xx) is sent once per
 * attempt, never repeated inside it, and the attempt is marked UNKNOWN; an answer listed as "already decided"
 * marks the delivery SENT with a note; token trouble is retried and, at the limit, FAILED as TOKEN_UNAVAILABLE; a
 * poison decision is not reclaimed forever; every FAILED delivery says why.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(DecisionDeliveryFailuresTest.ThreeAttempts.class)
class DecisionDeliveryFailuresTest {

    static final Path LOG = Path.of("target", "decision-delivery-failures-test.log");
    static final int MAX_ATTEMPTS = 3;
    static final long ALREADY_DECIDED = 2999001L;
    /** Longer than the 1 s call timeout of the tests. */
    static final int SLOW_MS = 2000;

    public static class ThreeAttempts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hotel.audit.delivery.max-attempts", String.valueOf(MAX_ATTEMPTS),
                    // one claim per round: each round is one attempt
                    "hotel.audit.delivery.batch", "1",
                    "hotel.audit.delivery.backoff", "1ms",
                    "hotel.audit.delivery.max-backoff", "1ms",
                    "hotel.audit.delivery.already-decided-codes", String.valueOf(ALREADY_DECIDED),
                    "douyin.openapi.circuit-breaker.request-volume-threshold", "1000",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString());
        }
    }

    @InjectWireMock
    WireMockServer douyin;

    @Inject
    AuditDeliveryWorker worker;

    @Inject
    DecisionOutbox audits;

    @Inject
    Pool pool;

    private static boolean warm;

    @BeforeEach
    void healthyPlatform() {
        douyin.resetAll();
        DouyinAnswers.stubDefaults(douyin);
        if (!warm) {
            // the app's first calls (JIT, connections) may exceed the call timeout: one delivery warms them
            String cancelId = pendingCancellation();
            douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("w"))));
            decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);
            for (int i = 0; i < 5 && !"SENT".equals(history(cancelId).extract().path("audit.delivery_status")); i++) {
                round();
            }
            warm = true;
        }
        assertEquals(0, pendingDeliveries(), "no other decision waits");
    }

    @Test
    void aCancelAuditPostThatTimedOutIsNotRepeatedInsideTheAttemptAndAnAlreadyDecidedAnswerCountsAsSent()
            throws Exception {
        String cancelId = pendingCancellation();
        // Douyin applies the first POST but answers after the timeout; the next POST hears "already decided".
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).inScenario(cancelId)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(DouyinAnswers.accepted("log-late")).withFixedDelay(SLOW_MS))
                .willSetStateTo("applied"));
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).inScenario(cancelId).whenScenarioStateIs("applied")
                .willReturn(okJson(DouyinAnswers.businessError(ALREADY_DECIDED, "log-already"))));
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);

        round();
        Thread.sleep(SLOW_MS); // WireMock journals the slow POST once its late answer went out

        assertEquals(1, cancelAuditRequests(douyin, cancelId).size(), "the timed-out POST was not repeated");
        decision(cancelId).body("delivery_status", equalTo("PENDING"))
                .body("attempts", equalTo(1))
                .body("last_attempt_outcome", equalTo("UNKNOWN"))
                .body("last_error", containsString("no answer in time"));
        history(cancelId).body("history.status", hasItem("DELIVERY_UNKNOWN"));

        round();

        assertEquals(2, cancelAuditRequests(douyin, cancelId).size(), "the next attempt sent it once more");
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AUDIT_SENT"))
                .body("audit.delivery_status", equalTo("SENT"))
                .body("audit.last_attempt_outcome", equalTo("ALREADY_DECIDED"))
                .body("audit.delivery_note", containsString(String.valueOf(ALREADY_DECIDED)))
                .body("audit.platform_log_id", equalTo("log-already"))
                .body("audit.failure_reason", nullValue())
                .body("history.status", not(hasItem("DELIVERY_FAILED")));
    }

    @Test
    void aServerErrorToThePostIsAnUnknownOutcomeAndIsNotRepeatedInsideTheAttempt() {
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(DouyinAnswers.serverError()));
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);

        round();

        assertEquals(1, cancelAuditRequests(douyin, cancelId).size());
        decision(cancelId).body("last_attempt_outcome", equalTo("UNKNOWN")).body("attempts", equalTo(1));
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-ok"))));
        round();
        decision(cancelId).body("delivery_status", equalTo("SENT")).body("last_attempt_outcome", equalTo("ACCEPTED"));
    }

    @Test
    void aTokenRefusedEvenAfterTheRefreshIsRetriedAndAtTheLimitFailsAsTokenUnavailable() throws Exception {
        double before = gaveUpMetric("hotel_cancel_audit", "TOKEN_UNAVAILABLE");
        String cancelId = pendingCancellation();
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId)
                .willReturn(okJson(DouyinAnswers.platformError(2190002, "log-token"))));
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);

        round();
        decision(cancelId).body("delivery_status", equalTo("PENDING")).body("attempts", equalTo(1))
                .body("last_attempt_outcome", equalTo("REFUSED"));
        round();
        round();

        decision(cancelId).body("delivery_status", equalTo("FAILED"))
                .body("failure_reason", equalTo("TOKEN_UNAVAILABLE"))
                .body("attempts", equalTo(MAX_ATTEMPTS));
        // a refused token means the POST was not applied: it is sent once more with a new token, per attempt
        assertEquals(2 * MAX_ATTEMPTS, cancelAuditRequests(douyin, cancelId).size());
        assertEquals(before + 1, gaveUpMetric("hotel_cancel_audit", "TOKEN_UNAVAILABLE"));
        assertLogged(LOG, "ERROR", "decision on cancellation " + cancelId + " FAILED", "reason TOKEN_UNAVAILABLE");
    }

    @Test
    void aPoisonDecisionIsNotReclaimedForeverItEndsFailedWithItsReason() throws Exception {
        double before = gaveUpMetric("hotel_cancel_audit", "LEASE_EXPIRED");
        String cancelId = pendingCancellation();
        decide(cancelId, "{\"result\":\"reject\",\"reason\":\"poison\"}").then().statusCode(202);

        // Sending it kills the replica: claimed, and its lease runs out with nothing recorded, again and again.
        for (int claim = 1; claim <= MAX_ATTEMPTS; claim++) {
            assertEquals(cancelId, audits.claimNext(Duration.ofMillis(1), MAX_ATTEMPTS).await().indefinitely()
                    .orElseThrow().cancelId());
            Thread.sleep(5);
        }
        assertTrue(audits.claimNext(Duration.ofMillis(1), MAX_ATTEMPTS).await().indefinitely().isEmpty(),
                "a claim skips a decision at its attempt limit");

        round();

        assertEquals(0, cancelAuditRequests(douyin, cancelId).size());
        decision(cancelId).body("delivery_status", equalTo("FAILED"))
                .body("failure_reason", equalTo("LEASE_EXPIRED"))
                .body("last_attempt_outcome", equalTo("UNKNOWN"))
                .body("last_error", containsString("claimed 3 times and each lease ran out"));
        history(cancelId).body("history.status", hasItem("DELIVERY_FAILED"));
        assertEquals(before + 1, gaveUpMetric("hotel_cancel_audit", "LEASE_EXPIRED"));
        assertLogged(LOG, "ERROR", "decision on cancellation " + cancelId + " FAILED", "reason LEASE_EXPIRED");

        // after a look at the order, an operator sends it again
        operator().contentType("application/json").post("/api/hotel/cancellations/" + cancelId + "/audit/redeliver").then().statusCode(202)
                .body("audit.delivery_status", equalTo("PENDING"))
                .body("audit.attempts", equalTo(0))
                .body("audit.failure_reason", nullValue());
        douyin.stubFor(DouyinAnswers.cancelAuditCall(cancelId).willReturn(okJson(DouyinAnswers.accepted("log-ok"))));
        round();
        decision(cancelId).body("delivery_status", equalTo("SENT"));
    }

    @Test
    void aCancellationOfAnAppNoLongerConfiguredFailsSayingSo() {
        String cancelId = pendingCancellation();
        pool.preparedQuery("UPDATE hotel_cancellation SET client_key = 'awxREMOVED' WHERE cancel_id = $1")
                .execute(Tuple.of(cancelId)).await().indefinitely();
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);

        round();

        decision(cancelId).body("delivery_status", equalTo("FAILED"))
                .body("failure_reason", equalTo("UNKNOWN_APP"))
                .body("last_attempt_outcome", equalTo("NOT_SENT"))
                .body("last_error", containsString("awxREMOVED"));
        assertEquals(0, cancelAuditRequests(douyin, cancelId).size());
    }

    private void round() {
        worker.failExhausted().chain(worker::deliverDue).await().atMost(Duration.ofSeconds(30));
    }

    private long pendingDeliveries() {
        return pool.query("SELECT count(*) FROM hotel_cancel_audit WHERE delivery_status = 'PENDING'").execute()
                .await().indefinitely().iterator().next().getLong(0);
    }

    private static ValidatableResponse decision(String cancelId) {
        return operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200).rootPath("audit");
    }

    private static ValidatableResponse history(String cancelId) {
        return operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200);
    }
}
