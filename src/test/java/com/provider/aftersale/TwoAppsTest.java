package com.provider.aftersale;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.provider.aftersale.service.SyncJobWorker;
import com.provider.hotel.service.AuditDeliveryWorker;
import com.provider.support.DouyinAnswers;
import com.provider.support.DouyinWireMock;
import com.provider.support.InjectWireMock;
import com.provider.support.SignedSpi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.DouyinAnswers.detail;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.DouyinAnswers.detailRequests;
import static com.provider.support.DouyinAnswers.token;
import static com.provider.support.DouyinAnswers.tokenCallOf;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two apps against a fake Douyin: each has its own shared token row and its own rate budget, and what came in
 * through an app goes back through it. A cancellation received through the scenic app is audited with that app's
 * token, a scenic notice received through it is synced with that app's token and account, and the primary app's
 * work keeps the primary's. The workers are off; the test runs their rounds.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(TwoAppsTest.TwoApps.class)
class TwoAppsTest {

    static final String SCENIC_KEY = "awxSCENIC";
    static final String SCENIC_SECRET = "s3cr3t-\u0394";
    static final String SCENIC_ACCOUNT = "acct-dev-scenic";
    static final String PRIMARY_TOKEN = "clt.primary-app";
    static final String SCENIC_TOKEN = "clt.scenic-app";
    static final String NOTICE = "/douyin/spi/scenic/refund-audit-notice";

    public static class TwoApps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("douyin.openapi.rate-limit.max-wait", "1s");
        }
    }

    @InjectWireMock
    WireMockServer douyin;

    @Inject
    SyncJobWorker syncWorker;

    @Inject
    AuditDeliveryWorker deliveryWorker;

    @Inject
    Pool pool;

    @BeforeEach
    void twoAppsWithTheirOwnTokens() {
        douyin.resetAll();
        douyin.stubFor(tokenCallOf(SignedSpi.CLIENT_KEY).willReturn(token(PRIMARY_TOKEN)));
        douyin.stubFor(tokenCallOf(SCENIC_KEY).willReturn(token(SCENIC_TOKEN)));
        douyin.stubFor(detailCall().willReturn(okJson(detail("any", "log-any"))));
        douyin.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(DouyinAnswers.CANCEL_AUDIT_PATH))
                .willReturn(okJson(DouyinAnswers.accepted("log-audit"))));
    }

    @Test
    void eachAppHasItsOwnTokenRowAndEachCallCarriesItsOwnAppsToken() {
        sync(null, unique("primary")).then().statusCode(200);
        sync(SCENIC_KEY, unique("scenic")).then().statusCode(200);

        Map<String, String> rows = new HashMap<>();
        for (Row row : pool.query("SELECT client_key, access_token FROM douyin_client_token").execute().await()
                .indefinitely()) {
            rows.put(row.getString("client_key"), row.getString("access_token"));
        }
        assertEquals(Map.of(SignedSpi.CLIENT_KEY, PRIMARY_TOKEN, SCENIC_KEY, SCENIC_TOKEN), rows);
        List<LoggedRequest> calls = detailRequests(douyin);
        assertEquals(List.of(PRIMARY_TOKEN, SCENIC_TOKEN), calls.stream().map(c -> c.getHeader("access-token")).toList());
        assertEquals(List.of("acct-root-1", SCENIC_ACCOUNT),
                calls.stream().map(c -> c.queryParameter("account_id").firstValue()).toList(),
                "no account named: each app's own account-id");
        operator().contentType("application/json").body("{\"order_id\":\"o\",\"client_key\":\"awxUNKNOWN\"}")
                .post("/api/after-sales/sync").then().statusCode(400)
                .body("message", containsString("awxUNKNOWN is not one of the configured apps"));
    }

    @Test
    void eachAppHasItsOwnRateBudget() {
        sync(null, unique("warm")).then().statusCode(200);
        sync(SCENIC_KEY, unique("warm")).then().statusCode(200);
        // The primary app's budget is spent for the next hour (as if other replicas were using it all).
        pool.preparedQuery("UPDATE douyin_rate_slot SET free_at = now() + interval '1 hour' WHERE app = $1")
                .execute(Tuple.of(SignedSpi.CLIENT_KEY)).await().indefinitely();
        try {
            sync(null, unique("no-slot")).then().statusCode(503)
                    .body("message", containsString("rate budget exhausted"));
            sync(SCENIC_KEY, unique("own-slot")).then().statusCode(200);
        } finally {
            pool.preparedQuery("UPDATE douyin_rate_slot SET free_at = now() WHERE app = $1")
                    .execute(Tuple.of(SignedSpi.CLIENT_KEY)).await().indefinitely();
        }
        long scenicSlotsUsed = pool.preparedQuery("SELECT count(*) FROM douyin_rate_slot WHERE app = $1"
                + " AND taken_at IS NOT NULL").execute(Tuple.of(SCENIC_KEY)).await().indefinitely().iterator().next()
                .getLong(0);
        assertTrue(scenicSlotsUsed >= 1, "the scenic app's calls took slots of its own budget");
    }

    @Test
    void aCancellationIsAuditedThroughTheAppItCameFrom() {
        String viaScenic = pendingCancellation(SignedSpi.call().clientKey(SCENIC_KEY).secret(SCENIC_SECRET));
        String viaPrimary = pendingCancellation(SignedSpi.call());
        decide(viaScenic);
        decide(viaPrimary);

        deliveryWorker.deliverDue().await().atMost(Duration.ofSeconds(30));

        List<LoggedRequest> scenicCalls = DouyinAnswers.cancelAuditRequests(douyin, viaScenic);
        List<LoggedRequest> primaryCalls = DouyinAnswers.cancelAuditRequests(douyin, viaPrimary);
        assertEquals(1, scenicCalls.size());
        assertEquals(1, primaryCalls.size());
        assertEquals(SCENIC_TOKEN, scenicCalls.get(0).getHeader("access-token"));
        assertEquals(PRIMARY_TOKEN, primaryCalls.get(0).getHeader("access-token"));
        for (String cancelId : new String[] {viaScenic, viaPrimary}) {
            operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("AUDIT_SENT"));
        }
    }

    @Test
    void aNoticeIsSyncedThroughTheAppItCameFromWithThatAppsAccount() {
        String viaScenic = unique("notice-scenic");
        String viaPrimary = unique("notice-primary");
        notice(SignedSpi.call().clientKey(SCENIC_KEY).secret(SCENIC_SECRET), viaScenic);
        notice(SignedSpi.call(), viaPrimary);
        operator().get("/api/after-sales/sync-jobs?order_id=" + viaScenic).then()
                .body("items[0].client_key", org.hamcrest.Matchers.equalTo(SCENIC_KEY));

        syncWorker.runDueJobs().await().atMost(Duration.ofSeconds(30));

        LoggedRequest scenic = douyin.findAll(DouyinAnswers.anyDetail().withQueryParam("order_id", equalTo(viaScenic)))
                .get(0);
        LoggedRequest primary = douyin.findAll(DouyinAnswers.anyDetail().withQueryParam("order_id",
                equalTo(viaPrimary))).get(0);
        assertEquals(SCENIC_TOKEN, scenic.getHeader("access-token"));
        assertEquals(SCENIC_ACCOUNT, scenic.queryParameter("account_id").firstValue());
        assertEquals(PRIMARY_TOKEN, primary.getHeader("access-token"));
        assertEquals(DouyinWireMock.ACCOUNT_ID, primary.queryParameter("account_id").firstValue());
        assertNotEquals(scenic.getHeader("access-token"), primary.getHeader("access-token"));
        for (String order : new String[] {viaScenic, viaPrimary}) {
            operator().get("/api/after-sales/sync-jobs?order_id=" + order).then()
                    .body("items[0].status", org.hamcrest.Matchers.equalTo("DONE"));
        }
    }

    private static Response sync(String clientKey, String orderId) {
        String app = clientKey == null ? "" : ",\"client_key\":\"" + clientKey + "\"";
        return operator().contentType("application/json").body("{\"order_id\":\"" + orderId + "\"" + app + "}")
                .post("/api/after-sales/sync");
    }

    private static String pendingCancellation(SignedSpi call) {
        String cancelId = unique("cancel");
        call.post(HOTEL_CANCEL_ORDER, body(unique("order"), cancelId, true, 21)).then().statusCode(200)
                .body("data.cancel_mode", org.hamcrest.Matchers.equalTo(2));
        return cancelId;
    }

    private static void decide(String cancelId) {
        operator().contentType("application/json").body("{\"result\":\"agree\"}")
                .post("/api/hotel/cancellations/" + cancelId + "/audit").then().statusCode(202);
    }

    private static void notice(SignedSpi call, String orderId) {
        call.post(NOTICE, "{\"order_id\":\"" + orderId + "\",\"notice_list\":[{\"certificate_id\":\"c-1\","
                + "\"audit_time\":1,\"audit_result\":1}]}").then().statusCode(200)
                .body("data.error_code", org.hamcrest.Matchers.equalTo(0));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
