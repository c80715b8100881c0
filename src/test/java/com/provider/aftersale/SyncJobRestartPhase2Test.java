package com.provider.aftersale;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.provider.support.DouyinWireMock;
import com.provider.support.Eventually;
import com.provider.support.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.provider.aftersale.SyncJobRestartPhase1Test.CERTIFICATE_B;
import static com.provider.aftersale.SyncJobRestartPhase1Test.ORDER_A;
import static com.provider.aftersale.SyncJobRestartPhase1Test.ORDER_B;
import static com.provider.aftersale.SyncJobRestartPhase1Test.ORDER_CRASHED;
import static com.provider.aftersale.SyncJobRestartPhase1Test.ORDER_REFUSED;
import static com.provider.support.DouyinAnswers.DETAIL_PATH;
import static com.provider.support.DouyinAnswers.detail;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Queued jobs survive a platform outage and a restart, part 2 of 2 (needs {@link SyncJobRestartPhase1Test}
 * to have run first in the same build: {@code -Dtest='SyncJobRestart*'}). A new app with a healthy Douyin
 * finds the jobs the previous app left in the database, with their earlier attempts and errors, and finishes
 * them; the job of the crashed worker is taken over once its lease ran out; the given-up job stays given up.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(SyncJobRestartPhase2Test.Recovered.class)
class SyncJobRestartPhase2Test {

    /**
     * Same worker as before the restart (its attempt limit too: phase 1's outage spends an attempt a second for as
     * long as that phase runs); differs from phase 1's profile, so this is a new app.
     */
    public static class Recovered implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.embedded.postgresql.data.dir", SyncJobRestartPhase1Test.DATA_DIR,
                    "after-sale.sync-jobs.every", "1s",
                    "after-sale.sync-jobs.backoff-base", "100ms",
                    "after-sale.sync-jobs.backoff-max", "300ms",
                    "after-sale.sync-jobs.max-attempts", "1000",
                    "after-sale.sync-jobs.lease", "5s",
                    // a cold app on a busy machine may take over the tests' 1 s for its first calls: a timed-out
                    // call may have been applied, so it is sent again, which is not what this test is about
                    "douyin.openapi.call-timeout", "5s");
        }
    }

    @InjectWireMock
    WireMockServer douyin;

    @Test
    void theNextAppFinishesWhatThePreviousOneLeftQueued() throws InterruptedException {
        for (String order : new String[] {ORDER_A, ORDER_B, ORDER_CRASHED}) {
            douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(order))
                    .willReturn(okJson(detail(order, "log-recovered"))));
        }

        // The rows of phase 1, not new ones: their earlier failed attempts and error are still on them.
        for (String order : new String[] {ORDER_A, ORDER_B}) {
            Eventually.within(Duration.ofSeconds(30), () -> operator()
                    .get("/api/after-sales/sync-jobs?order_id=" + order).then().statusCode(200)
                    .body("total", org.hamcrest.Matchers.equalTo(1))
                    .body("items[0].status", org.hamcrest.Matchers.equalTo("DONE"))
                    .body("items[0].attempts", greaterThanOrEqualTo(3))
                    .body("items[0].last_error", containsString("HTTP 500")));
            operator().get("/api/after-sales?order_id=" + order).then().statusCode(200)
                    .body("items[0].after_sale_id", org.hamcrest.Matchers.equalTo("as-" + order))
                    .body("items[0].platform_log_id", org.hamcrest.Matchers.equalTo("log-recovered"));
        }
        douyin.verify(getRequestedFor(urlPathEqualTo(DETAIL_PATH)).withQueryParam("order_id", equalTo(ORDER_B))
                .withQueryParam("certificate_id", equalTo(CERTIFICATE_B)));

        Eventually.within(Duration.ofSeconds(30), () -> operator()
                .get("/api/after-sales/sync-jobs?order_id=" + ORDER_CRASHED).then().statusCode(200)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("DONE"))
                .body("items[0].attempts", greaterThanOrEqualTo(2)));

        operator().get("/api/after-sales/sync-jobs?order_id=" + ORDER_REFUSED).then().statusCode(200)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("GAVE_UP"));
        douyin.verify(0, getRequestedFor(urlPathEqualTo(DETAIL_PATH))
                .withQueryParam("order_id", equalTo(ORDER_REFUSED)));
    }
}
