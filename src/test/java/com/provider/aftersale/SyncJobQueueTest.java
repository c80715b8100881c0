package com.provider.aftersale;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.provider.aftersale.repository.SyncJobQueue;
import com.provider.aftersale.service.SyncJobWorker;
import com.provider.douyin.token.ClientTokenService;
import com.provider.support.DouyinWireMock;
import com.provider.support.InjectWireMock;
import com.provider.support.QueueChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.provider.support.DouyinAnswers.DETAIL_PATH;
import static com.provider.support.DouyinAnswers.businessError;
import static com.provider.support.DouyinAnswers.detail;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.DouyinAnswers.platformError;
import static com.provider.support.DouyinAnswers.serverError;
import static com.provider.support.DouyinAnswers.stubDefaults;
import static com.provider.support.DouyinAnswers.tokenCall;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync job queue across failures, against a fake Douyin and the real database, one worker round at a time
 * (the scheduled worker is off; the test runs {@link SyncJobWorker#runDueJobs()}): token trouble is retried
 * with backoff, not given up; every give-up says why (row, ERROR line, metric); an operator can requeue a
 * GAVE_UP job; a claim skips jobs at their attempt limit, and a poison job (claimed again and again, its lease
 * expiring each time) ends GAVE_UP instead of being reclaimed forever; the account rule.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(SyncJobQueueTest.ThreeAttempts.class)
class SyncJobQueueTest {

    static final Path LOG = Path.of("target", "sync-job-queue-test.log");
    static final int MAX_ATTEMPTS = 3;

    public static class ThreeAttempts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("after-sale.sync-jobs.max-attempts", String.valueOf(MAX_ATTEMPTS)),
                    // each round finds the previous round's failures due again
                    Map.entry("after-sale.sync-jobs.backoff-base", "1ms"),
                    Map.entry("after-sale.sync-jobs.backoff-max", "1ms"),
                    Map.entry("douyin.openapi.retry.max-retries", "0"),
                    Map.entry("douyin.openapi.circuit-breaker.request-volume-threshold", "1000"),
                    // an app without an account id (the worker is off here, so start-up allows it)
                    Map.entry("douyin.apps.noacct.client-key", "awxNOACCOUNT"),
                    Map.entry("douyin.apps.noacct.client-secrets", "no-account-secret"),
                    Map.entry("quarkus.log.file.enabled", "true"),
                    Map.entry("quarkus.log.file.path", LOG.toString()));
        }
    }

    @InjectWireMock
    WireMockServer douyin;

    @Inject
    SyncJobQueue jobs;

    @Inject
    SyncJobWorker worker;

    @Inject
    ClientTokenService tokens;

    @Inject
    Pool pool;

    /** Set once a sync went through: the app's first calls (JIT, connections) may exceed the call timeout. */
    private static boolean warm;

    @BeforeEach
    void healthyPlatform() {
        douyin.resetAll();
        stubDefaults(douyin);
        for (int i = 0; !warm && i < 10; i++) {
            warm = operator().contentType("application/json").body("{\"order_id\":\"warm-up\"}")
                    .post("/api/after-sales/sync").statusCode() == 200;
        }
        drain();
        douyin.resetRequests();
    }

    @Test
    void aTokenRefusedEvenAfterTheRefreshIsRetriedLaterNotGivenUp() {
        String order = unique("token-refused");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order))
                .willReturn(okJson(platformError(2190002, "log-token-refused"))));
        long id = jobs.enqueue(order, null, null, "test").await().indefinitely();

        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("QUEUED"))
                .body("attempts", org.hamcrest.Matchers.equalTo(1))
                .body("gave_up_reason", nullValue())
                .body("last_error_code", org.hamcrest.Matchers.equalTo(2190002));
        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("QUEUED")).body("attempts", org.hamcrest.Matchers.equalTo(2));

        // the token side recovers: the job completes on its next attempt
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order)).willReturn(okJson(detail(order, "log-ok"))));
        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("DONE")).body("attempts", org.hamcrest.Matchers.equalTo(3));
    }

    @Test
    void aFailingTokenEndpointIsRetriedWithBackoffAndGivesUpOnlyAtTheLimitSayingWhy() throws IOException {
        double before = gaveUpMetric("TOKEN_UNAVAILABLE");
        tokens.invalidate(tokens.current().await().indefinitely()).await().indefinitely();
        douyin.stubFor(tokenCall().willReturn(okJson("{\"data\":{\"error_code\":10020,\"description\":"
                + "\"too many token requests\"},\"message\":\"error\"}")));
        String order = unique("token-down");
        long id = jobs.enqueue(order, null, null, "test").await().indefinitely();

        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("QUEUED")).body("attempts", org.hamcrest.Matchers.equalTo(1))
                .body("last_error", containsString("10020"));
        round();
        round();

        job(id).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"))
                .body("attempts", org.hamcrest.Matchers.equalTo(MAX_ATTEMPTS))
                .body("gave_up_reason", org.hamcrest.Matchers.equalTo("TOKEN_UNAVAILABLE"));
        douyin.verify(0, getRequestedFor(urlPathEqualTo(DETAIL_PATH)).withQueryParam("order_id", equalTo(order)));
        assertEquals(before + 1, gaveUpMetric("TOKEN_UNAVAILABLE"));
        assertLogged("ERROR", "sync job " + id + " (order " + order + ") gave up", "reason TOKEN_UNAVAILABLE");
    }

    @Test
    void aPermanentRefusalGivesUpAtOnceSayingWhyAndAnOperatorCanRequeueIt() throws IOException {
        double before = gaveUpMetric("PLATFORM_REFUSED");
        String order = unique("refused");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order))
                .willReturn(okJson(businessError(2119005, "log-not-authorised"))));
        long id = jobs.enqueue(order, null, null, "test").await().indefinitely();

        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"))
                .body("gave_up_reason", org.hamcrest.Matchers.equalTo("PLATFORM_REFUSED"))
                .body("last_error_code", org.hamcrest.Matchers.equalTo(2119005))
                .body("last_log_id", org.hamcrest.Matchers.equalTo("log-not-authorised"));
        assertEquals(before + 1, gaveUpMetric("PLATFORM_REFUSED"));
        assertLogged("ERROR", "sync job " + id + " (order " + order + ") gave up", "reason PLATFORM_REFUSED");

        // the merchant authorises the app; an operator runs the job again
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order)).willReturn(okJson(detail(order, "log-ok"))));
        operator().contentType("application/json").post("/api/after-sales/sync-jobs/" + id + "/requeue").then().statusCode(202)
                .contentType("application/json")
                .body("id", org.hamcrest.Matchers.equalTo((int) id))
                .body("status", org.hamcrest.Matchers.equalTo("QUEUED"))
                .body("attempts", org.hamcrest.Matchers.equalTo(0))
                .body("gave_up_reason", nullValue())
                .body("requeued_by", org.hamcrest.Matchers.equalTo("operator"))
                .body("requeued_at", org.hamcrest.Matchers.notNullValue());
        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("DONE")).body("requeued_by", org.hamcrest.Matchers.equalTo("operator"));

        // only a GAVE_UP job can be requeued; unknown ids are 404
        operator().contentType("application/json").post("/api/after-sales/sync-jobs/" + id + "/requeue").then().statusCode(409)
                .contentType("application/json").body("message", containsString("DONE"));
        operator().contentType("application/json").post("/api/after-sales/sync-jobs/987654321/requeue").then().statusCode(404)
                .contentType("application/json");
        RestAssured.given().contentType("application/json").post("/api/after-sales/sync-jobs/" + id + "/requeue").then().statusCode(401);
    }

    @Test
    void aRequeueIsRefusedWhileAnotherJobForTheSameWorkIsPending() {
        String order = unique("covered");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order))
                .willReturn(okJson(businessError(2119005, "log-no"))));
        long gaveUp = jobs.enqueue(order, null, null, "test").await().indefinitely();
        round();
        job(gaveUp).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"));
        long pending = jobs.enqueue(order, null, null, "test").await().indefinitely();

        operator().contentType("application/json").post("/api/after-sales/sync-jobs/" + gaveUp + "/requeue").then().statusCode(409)
                .body("message", containsString("job " + pending + " is already pending"));
        job(gaveUp).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"));
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order)).willReturn(okJson(detail(order, "log"))));
        round();
    }

    @Test
    void aPoisonJobIsNotReclaimedForeverItEndsGaveUpWithItsReason() throws Exception {
        double before = gaveUpMetric("LEASE_EXPIRED");
        String order = unique("poison");
        long id = jobs.enqueue(order, null, null, "test").await().indefinitely();

        // A job whose processing kills the replica: claimed, and its lease runs out with nothing recorded, again
        // and again. The claims count the attempts.
        for (int claim = 1; claim <= MAX_ATTEMPTS; claim++) {
            assertEquals(1, jobs.claim(10, Duration.ofMillis(1), MAX_ATTEMPTS).await().indefinitely().size());
            Thread.sleep(5);
        }
        job(id).body("status", org.hamcrest.Matchers.equalTo("RUNNING"))
                .body("attempts", org.hamcrest.Matchers.equalTo(MAX_ATTEMPTS));
        assertTrue(jobs.claim(10, Duration.ofMillis(1), MAX_ATTEMPTS).await().indefinitely().isEmpty(),
                "a claim skips a job at its attempt limit");

        round();

        job(id).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"))
                .body("gave_up_reason", org.hamcrest.Matchers.equalTo("LEASE_EXPIRED"))
                .body("last_error", containsString("claimed 3 times and each lease ran out"))
                .body("finished_at", org.hamcrest.Matchers.notNullValue());
        douyin.verify(0, getRequestedFor(urlPathEqualTo(DETAIL_PATH)).withQueryParam("order_id", equalTo(order)));
        assertEquals(before + 1, gaveUpMetric("LEASE_EXPIRED"));
        assertLogged("ERROR", "sync job " + id + " (order " + order + ") gave up", "reason LEASE_EXPIRED");
        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"));
    }

    @Test
    void aJobWhoseAppHasNoAccountIdGivesUpNamingTheSetting() throws IOException {
        String order = unique("no-account");
        long id = jobs.enqueue(order, null, null, "test", "awxNOACCOUNT").await().indefinitely();
        long gone = jobs.enqueue(unique("gone-app"), null, null, "test", "awxREMOVED").await().indefinitely();

        round();

        job(id).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"))
                .body("client_key", org.hamcrest.Matchers.equalTo("awxNOACCOUNT"))
                .body("gave_up_reason", org.hamcrest.Matchers.equalTo("NO_ACCOUNT"))
                .body("last_error", containsString("douyin.apps.noacct.account-id"));
        job(gone).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"))
                .body("gave_up_reason", org.hamcrest.Matchers.equalTo("UNKNOWN_APP"));
        assertLogged("ERROR", "sync job " + id + " (order " + order + ") gave up", "reason NO_ACCOUNT");
        douyin.verify(0, getRequestedFor(urlPathEqualTo(DETAIL_PATH)).withQueryParam("order_id", equalTo(order)));
    }

    @Test
    void theAccountIsTheJobsOwnElseItsAppsAccountId() {
        String named = unique("named-account");
        String unnamed = unique("app-account");
        jobs.enqueue(named, null, "acct-named", "test").await().indefinitely();
        jobs.enqueue(unnamed, null, null, "test").await().indefinitely();

        round();

        douyin.verify(getRequestedFor(urlPathEqualTo(DETAIL_PATH)).withQueryParam("order_id", equalTo(named))
                .withQueryParam("account_id", equalTo("acct-named")));
        douyin.verify(getRequestedFor(urlPathEqualTo(DETAIL_PATH)).withQueryParam("order_id", equalTo(unnamed))
                .withQueryParam("account_id", equalTo(DouyinWireMock.ACCOUNT_ID)));
    }

    @Test
    void aJobAnsweredWithHasMoreIsDoneAndSaysSoOnTheOrderAndInTheLog() throws IOException {
        String order = unique("has-more");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order)).willReturn(okJson(detail(order, "log-more")
                .replace("\"has_more\":false,\"cursor\":\"\"", "\"has_more\":true,\"cursor\":\"cursor-2\""))));
        long id = jobs.enqueue(order, null, null, "test").await().indefinitely();

        round();

        job(id).body("status", org.hamcrest.Matchers.equalTo("DONE"));
        operator().get("/api/after-sales?order_id=" + order).then().statusCode(200)
                .body("items[0].has_more", org.hamcrest.Matchers.equalTo(true))
                .body("items[0].cursor", org.hamcrest.Matchers.equalTo("cursor-2"))
                .body("items[0].last_synced_by", org.hamcrest.Matchers.nullValue()); // the queue, no operator
        assertLogged("WARN", "after-sale detail of order " + order, "answered has_more", "platform logid log-more");
    }

    @Test
    void aServerErrorIsTransientUntilTheLimitThenGivesUpAsMaxAttempts() {
        String order = unique("outage");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order)).willReturn(serverError()));
        long id = jobs.enqueue(order, null, null, "test").await().indefinitely();

        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("QUEUED"));
        round();
        round();
        job(id).body("status", org.hamcrest.Matchers.equalTo("GAVE_UP"))
                .body("gave_up_reason", org.hamcrest.Matchers.equalTo("MAX_ATTEMPTS"))
                .body("attempts", org.hamcrest.Matchers.equalTo(MAX_ATTEMPTS));
    }

    private void round() {
        worker.runDueJobs().await().atMost(Duration.ofSeconds(30));
    }

    /** Runs rounds until no job is pending, so every test starts from an idle queue. */
    private void drain() {
        for (int i = 0; i < 10 && pending() > 0; i++) {
            pool.query("UPDATE after_sale_sync_job SET locked_until = now() - interval '1 second'"
                    + " WHERE status = 'RUNNING'").execute().await().indefinitely();
            round();
        }
        assertEquals(0, pending(), "the queue is idle before the test");
    }

    private long pending() {
        return pool.query("SELECT count(*) FROM after_sale_sync_job WHERE status IN ('QUEUED', 'RUNNING')")
                .execute().await().indefinitely().iterator().next().getLong(0);
    }

    private static ValidatableResponse job(long id) {
        return operator().get("/api/after-sales/sync-jobs?size=200").then().statusCode(200).rootPath(
                "items.find { it.id == " + id + " }");
    }

    private static double gaveUpMetric(String reason) {
        return QueueChecks.gaveUpMetric("after_sale_sync", reason);
    }

    private static void assertLogged(String level, String... parts) throws IOException {
        QueueChecks.assertLogged(LOG, level, parts);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
