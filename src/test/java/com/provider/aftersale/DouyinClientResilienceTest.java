package com.provider.aftersale;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.provider.douyin.client.DouyinGateway;
import com.provider.douyin.token.ClientTokenService;
import com.provider.support.Concurrently;
import com.provider.support.DouyinWireMock;
import com.provider.support.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.provider.support.DouyinAnswers.TOKEN_PATH;
import static com.provider.support.DouyinAnswers.businessError;
import static com.provider.support.DouyinAnswers.detail;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.DouyinAnswers.detailRequests;
import static com.provider.support.DouyinAnswers.platformError;
import static com.provider.support.DouyinAnswers.serverError;
import static com.provider.support.DouyinAnswers.stubDefaults;
import static com.provider.support.DouyinAnswers.token;
import static com.provider.support.DouyinAnswers.tokenCall;
import static com.provider.support.DouyinAnswers.tokenRequests;
import static com.provider.support.Management.management;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI client against a fake Douyin: the shared token, retries of transient outcomes only, the per-call
 * timeout, the circuit breaker and the shared rate budget, all seen through {@code POST /api/after-sales/sync}.
 * Test timings ({@code %test.douyin.openapi.*}): 1 s call timeout, 3 retries 20-80 ms apart, circuit
 * window of 4 calls at 75 % failures, open for 1 s.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
class DouyinClientResilienceTest {

    /** Longer than the 1 s call timeout of the tests. */
    private static final int SLOW_MS = 2000;

    /** How long the circuit stays open in tests ({@code %test.douyin.openapi.circuit-breaker.delay}). */
    private static final java.time.Duration CIRCUIT_DELAY = java.time.Duration.ofSeconds(1);

    /** Set once a sync went through: the app's first calls (JIT, connections) may exceed the call timeout. */
    private static boolean warm;

    @InjectWireMock
    WireMockServer douyin;

    @Inject
    ClientTokenService tokens;

    @Inject
    CircuitBreakerMaintenance circuits;

    @Inject
    Pool pool;

    @BeforeEach
    void healthyPlatform() {
        douyin.resetAll();
        stubDefaults(douyin);
        for (int i = 0; !warm && i < 10; i++) {
            warm = sync("warm-up").statusCode() == 200;
        }
        circuits.reset(DouyinGateway.CIRCUIT_BREAKER);
        douyin.resetRequests();
    }

    @Test
    void concurrentCallsOnAColdStartFetchTheTokenOnceAndAllSendIt() throws Exception {
        forgetToken();
        // A slow token answer: every caller arrives while the one fetch is in flight.
        douyin.stubFor(tokenCall().willReturn(token("clt.shared-once").withFixedDelay(300)));

        List<Integer> statuses = Concurrently.run(12, i -> sync("cold-" + i).statusCode());

        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200), statuses);
        List<LoggedRequest> fetches = tokenRequests(douyin);
        assertEquals(1, fetches.size(), "one token fetch for all concurrent callers");
        douyin.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(equalToJson("{\"client_key\":\"awx1234567890abc\","
                        + "\"client_secret\":\"0123456789abcdef0123456789abcdef\",\"grant_type\":\"client_credential\"}")));
        List<LoggedRequest> calls = detailRequests(douyin);
        assertEquals(12, calls.size());
        calls.forEach(call -> assertEquals("clt.shared-once", call.getHeader("access-token")));
        assertEquals("clt.shared-once", storedToken(), "the token is shared through the database");
    }

    @Test
    void aTokenExpiredMidFlightIsDroppedRefetchedAndTheCallRetriedOnce() {
        forgetToken();
        douyin.stubFor(tokenCall().inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(token("clt.old")).willSetStateTo("rotated"));
        douyin.stubFor(tokenCall().inScenario("rotation").whenScenarioStateIs("rotated")
                .willReturn(token("clt.new")));
        douyin.stubFor(detailCall().withHeader("access-token", equalTo("clt.old"))
                .willReturn(okJson(platformError(2190008, "log-expired"))));
        douyin.stubFor(detailCall().withHeader("access-token", equalTo("clt.new"))
                .willReturn(okJson(detail("rotate-1", "log-ok"))));

        sync("rotate-1").then().statusCode(200).body("platform_log_id", is("log-ok"));

        assertEquals(2, tokenRequests(douyin).size());
        List<LoggedRequest> calls = detailRequests(douyin);
        assertEquals(List.of("clt.old", "clt.new"), calls.stream().map(c -> c.getHeader("access-token")).toList());
        assertEquals("clt.new", storedToken());

        // A late report about the old token must not drop the new one.
        tokens.invalidate("clt.old").await().indefinitely();
        sync("rotate-1").then().statusCode(200);
        assertEquals(2, tokenRequests(douyin).size(), "no fetch: the stored token was not the one that failed");
        assertEquals("clt.new", storedToken());
    }

    @Test
    void aTokenLivingShorterThanTheRefreshMarginIsFetchedOnceNotOnEveryCall() {
        forgetToken();
        // the margin is 20 minutes; this token lives one: the margin becomes half of that
        douyin.stubFor(tokenCall().willReturn(token("clt.short-lived", 60)));

        for (int i = 0; i < 4; i++) {
            sync("short-token-" + i).then().statusCode(200);
        }

        assertEquals(1, tokenRequests(douyin).size(), "one fetch: each fetch would invalidate the token before it");
        detailRequests(douyin).forEach(call -> assertEquals("clt.short-lived", call.getHeader("access-token")));
        tokens.invalidate("clt.short-lived").await().indefinitely();
    }

    @Test
    void aTokenRefusedTwiceFailsWithoutEndlessRefetching() {
        douyin.stubFor(detailCall().willReturn(okJson(platformError(2190002, "log-bad-token"))));

        // token trouble may clear by itself: 503 (try later), not 502 (Douyin refused)
        sync("refused-token").then().statusCode(503)
                .body("outcome", is("TOKEN_INVALID"))
                .body("platform_error_code", is(2190002))
                .body("platform_log_id", is("log-bad-token"));
        assertEquals(2, detailRequests(douyin).size(), "the first call and exactly one retry with a new token");
    }

    @Test
    void busyThenSuccessIsRetriedAndSucceeds() {
        douyin.stubFor(detailCall().inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(businessError(2119002, "log-busy"))).willSetStateTo("calm"));
        douyin.stubFor(detailCall().inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(okJson(detail("busy-1", "log-calm"))));

        sync("busy-1").then().statusCode(200)
                .body("after_sale_orders[0].after_sale_id", is("as-busy-1"));
        assertEquals(2, detailRequests(douyin).size());
    }

    @Test
    void busyForeverGivesUpAfterBoundedAttemptsWithAClearError() {
        douyin.stubFor(detailCall().willReturn(okJson(platformError(2100004, "log-always-busy"))));

        sync("busy-forever").then().statusCode(503).contentType("application/json")
                .body("status", is(503))
                .body("outcome", is("RETRY_LATER"))
                .body("platform_error_code", is(2100004))
                .body("platform_log_id", is("log-always-busy"))
                .body("message", containsString("gave up after 4 attempts"));
        assertEquals(4, detailRequests(douyin).size(), "one call and 3 retries");
    }

    @Test
    void aPermanentErrorIsCalledOnceAndNamesThePlatformCode() {
        douyin.stubFor(detailCall().willReturn(okJson(businessError(2119005, "log-not-authorised"))));

        sync("not-authorised").then().statusCode(502).contentType("application/json")
                .body("status", is(502))
                .body("error", is("Bad Gateway"))
                .body("outcome", is("PERMANENT"))
                .body("platform_error_code", is(2119005))
                .body("platform_log_id", is("log-not-authorised"))
                .body("message", containsString("2119005"));
        assertEquals(1, detailRequests(douyin).size());
    }

    @Test
    void http500IsRetried() {
        douyin.stubFor(detailCall().inScenario("500").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(serverError()).willSetStateTo("up"));
        douyin.stubFor(detailCall().inScenario("500").whenScenarioStateIs("up")
                .willReturn(okJson(detail("five-hundred", "log-up"))));

        sync("five-hundred").then().statusCode(200);
        assertEquals(2, detailRequests(douyin).size());
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() throws InterruptedException {
        douyin.stubFor(detailCall().inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(detail("slow-once", "log-slow")).withFixedDelay(SLOW_MS)).willSetStateTo("fast"));
        douyin.stubFor(detailCall().inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(okJson(detail("slow-once", "log-fast"))));

        long started = System.nanoTime();
        sync("slow-once").then().statusCode(200).body("platform_log_id", is("log-fast"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs < SLOW_MS, "the slow answer was abandoned at the 1 s timeout, took " + tookMs + " ms");
        awaitDelayedAnswers();
        assertEquals(2, detailRequests(douyin).size());
    }

    @Test
    void alwaysSlowEndsAsATimeoutAfterBoundedAttempts() throws InterruptedException {
        douyin.stubFor(detailCall().willReturn(okJson(detail("slow-forever", "log-slow")).withFixedDelay(SLOW_MS)));

        sync("slow-forever").then().statusCode(503)
                .body("message", containsString("no answer in time"))
                .body("platform_error_code", nullValue());
        awaitDelayedAnswers();
        assertEquals(4, detailRequests(douyin).size());
    }

    @Test
    void theCircuitOpensOnAFailingPlatformAndClosesByItself() throws InterruptedException {
        douyin.stubFor(detailCall().willReturn(serverError()));

        // The circuit stays open for only 1 s in tests. A round that saw it other than open counts as a failure
        // only if it took less than that second; on a machine too busy for that, the round is repeated.
        for (int round = 1; ; round++) {
            circuits.reset(DouyinGateway.CIRCUIT_BREAKER);
            douyin.resetRequests();
            long started = System.nanoTime();
            try {
                sync("circuit-1").then().statusCode(503);
                assertEquals(4, detailRequests(douyin).size());
                // Open: fails at once, Douyin is not called.
                sync("circuit-2").then().statusCode(503).body("message", containsString("circuit open"));
                assertEquals(4, detailRequests(douyin).size());
                assertCircuit("OPEN");
                break;
            } catch (AssertionError seen) {
                if (round == 3 || System.nanoTime() - started < CIRCUIT_DELAY.toNanos()) {
                    throw seen;
                }
            }
        }

        douyin.stubFor(detailCall().willReturn(okJson(detail("circuit-3", "log-back"))));
        Thread.sleep(1200); // the circuit's delay in tests is 1 s
        sync("circuit-3").then().statusCode(200);
        assertEquals(5, detailRequests(douyin).size());
        assertCircuit("CLOSED");
    }

    @Test
    void aBurstOf30SyncsNeverExceeds10CallsInAnySecondAndAllComplete() throws Exception {
        warmUp(); // the token is not what this test is about

        long started = System.nanoTime();
        List<Integer> statuses = Concurrently.run(30, i -> sync("burst-" + i).statusCode());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(30, statuses.stream().filter(s -> s == 200).count(), "every sync completed: " + statuses);
        List<Long> times = detailRequests(douyin).stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
        assertEquals(30, times.size());
        assertAtMost10InAnySecond(times);
        assertTrue(tookMs >= 2000, "30 calls at 10 per second need over 2 s, took " + tookMs + " ms");
    }

    @Test
    void aTokenFetchTakesItsShareOfTheRateBudgetLikeEveryOtherCall() throws Exception {
        forgetToken();
        Thread.sleep(1200); // the warm-up's slot is free again
        douyin.resetRequests();

        List<Integer> statuses = Concurrently.run(20, i -> sync("cold-token-" + i).statusCode());

        assertEquals(20, statuses.stream().filter(s -> s == 200).count(), "every sync completed: " + statuses);
        assertEquals(1, tokenRequests(douyin).size());
        // The platform's 10 calls per second are the app's: the token call counts with the others.
        assertAtMost10InAnySecond(douyin.getAllServeEvents().stream()
                .map(event -> event.getRequest().getLoggedDate().getTime()).sorted().toList());
    }

    private static void assertAtMost10InAnySecond(List<Long> times) {
        int busiest = 0;
        for (int i = 0; i < times.size(); i++) {
            int inWindow = 0;
            for (long t : times) {
                if (t >= times.get(i) && t < times.get(i) + 1000) {
                    inWindow++;
                }
            }
            busiest = Math.max(busiest, inWindow);
        }
        assertTrue(busiest <= 10, "at most 10 calls in any rolling second, saw " + busiest + " in "
                + times.stream().map(t -> t - times.get(0)).toList());
    }

    private Response sync(String orderId) {
        return operator().contentType("application/json").body("{\"order_id\":\"" + orderId + "\"}")
                .post("/api/after-sales/sync");
    }

    /** One sync through the whole path (with its retries), so a token is stored and connections are open. */
    private void warmUp() {
        sync("warm-up").then().statusCode(200);
        douyin.resetRequests();
    }

    private void forgetToken() {
        warmUp();
        tokens.invalidate(storedToken()).await().indefinitely();
    }

    /** WireMock journals a request once its (delayed) answer went out; later tests must not see these. */
    private static void awaitDelayedAnswers() throws InterruptedException {
        Thread.sleep(SLOW_MS + 200);
    }

    private String storedToken() {
        return pool.preparedQuery("SELECT access_token FROM douyin_client_token WHERE client_key = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(com.provider.support.SignedSpi.CLIENT_KEY))
                .await().indefinitely().iterator().next().getString("access_token");
    }

    private void assertCircuit(String state) {
        // Wellness reports the circuit (503 while open); readiness never depends on it: the SPI needs only
        // PostgreSQL, so an OpenAPI outage must not take the replica out of the Service.
        management().get("/q/health/well").then()
                .statusCode("OPEN".equals(state) ? 503 : 200)
                .body("checks.find { it.name == 'douyin-openapi-circuit' }.data.state", is(state));
        management().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", not(hasItem("douyin-openapi-circuit")));
        management().get("/q/metrics").then().statusCode(200)
                .body(containsString("aftersale_douyin_circuit_state " + CIRCUIT_GAUGE.get(state)));
    }

    /** The values of aftersale_douyin_circuit_state. */
    private static final java.util.Map<String, String> CIRCUIT_GAUGE = java.util.Map.of(
            "CLOSED", "0.0", "HALF_OPEN", "1.0", "OPEN", "2.0");
}
