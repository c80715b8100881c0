package com.provider.hotel;

import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Operators deciding cancellations that wait for an audit: what is accepted, refused and stored. */
@QuarkusTest
class CancellationAuditTest {

    static String pendingCancellation() {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), cancelId, true, 21))
                .then().statusCode(200).body("data.cancel_mode", equalTo(2));
        return cancelId;
    }

    static Response decide(String cancelId, String json) {
        return operator().contentType("application/json").body(json)
                .post("/api/hotel/cancellations/" + cancelId + "/audit");
    }

    @Test
    void anAgreementIsStoredWithWhoAndWhenAndQueuedForDouyin() {
        String cancelId = pendingCancellation();
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202)
                .body("status", equalTo("AGREED"))
                .body("audit.result", equalTo("agree"))
                .body("audit.cancel_result", equalTo(1))
                .body("audit.decided_by", equalTo("operator"))
                .body("audit.delivery_status", equalTo("PENDING"));
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("history", hasSize(2))
                .body("history[0].status", equalTo("PENDING_AUDIT"))
                .body("history[1].status", equalTo("AGREED"))
                .body("history[1].actor", equalTo("operator"));
    }

    @Test
    void aRejectionKeepsItsReason() {
        String cancelId = pendingCancellation();
        decide(cancelId, "{\"result\":\"reject\",\"reason\":\"The room was already used\"}").then().statusCode(202)
                .body("status", equalTo("REJECTED"))
                .body("audit.cancel_result", equalTo(2))
                .body("audit.reason", equalTo("The room was already used"));
    }

    @Test
    void aSecondDecisionIsRefused() {
        String cancelId = pendingCancellation();
        decide(cancelId, "{\"result\":\"agree\"}").then().statusCode(202);
        decide(cancelId, "{\"result\":\"reject\",\"reason\":\"changed my mind\"}").then().statusCode(409)
                .contentType("application/json").body("message", containsString("AGREED"));
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("AGREED")).body("audit.result", equalTo("agree"));
    }

    @Test
    void concurrentDecisionsLetExactlyOneWin() throws Exception {
        String cancelId = pendingCancellation();
        int operators = 12;
        ExecutorService threads = Executors.newFixedThreadPool(operators);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < operators; i++) {
                String json = i % 2 == 0 ? "{\"result\":\"agree\"}" : "{\"result\":\"reject\",\"reason\":\"no\"}";
                statuses.add(threads.submit(() -> {
                    start.await();
                    return decide(cancelId, json).statusCode();
                }));
            }
            start.countDown();
            int accepted = 0;
            int conflicts = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                accepted += code == 202 ? 1 : 0;
                conflicts += code == 409 ? 1 : 0;
            }
            assertEquals(1, accepted);
            assertEquals(operators - 1, conflicts);
        } finally {
            threads.shutdownNow();
        }
        operator().get("/api/hotel/cancellations/" + cancelId).then().body("history", hasSize(2));
    }

    @Test
    void onlyPendingAuditCancellationsCanBeDecided() {
        String acknowledged = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), acknowledged, null, 11)).then().statusCode(200);
        decide(acknowledged, "{\"result\":\"agree\"}").then().statusCode(409)
                .body("message", containsString("CANCELLED"));
    }

    @Test
    void anUnknownCancellationIs404() {
        decide("no-such-cancel", "{\"result\":\"agree\"}").then().statusCode(404).contentType("application/json");
    }

    @Test
    void badBodiesAre400AndChangeNothing() {
        String cancelId = pendingCancellation();
        for (String[] bad : new String[][] {
                {"{\"result\":\"reject\"}", "reason is required to reject"},
                {"{\"result\":\"reject\",\"reason\":\"   \"}", "reason is required to reject"},
                {"{\"result\":\"maybe\"}", "result must be agree or reject"},
                {"{}", "result is required"},
                {"{\"result\":\"agree\",\"reason\":\"" + "x".repeat(501) + "\"}", "at most 500"}}) {
            decide(cancelId, bad[0]).then().statusCode(400).contentType("application/json")
                    .body("message", containsString(bad[1]));
        }
        decide(cancelId, "not json").then().statusCode(400).contentType("application/json");
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("PENDING_AUDIT")).body("history", hasSize(1));
    }

    @Test
    void decidingNeedsTheOperatorsCredentials() {
        String cancelId = pendingCancellation();
        given().contentType("application/json").body("{\"result\":\"agree\"}")
                .post("/api/hotel/cancellations/" + cancelId + "/audit").then().statusCode(401);
        operator().get("/api/hotel/cancellations/" + cancelId).then().body("status", equalTo("PENDING_AUDIT"));
    }
}
