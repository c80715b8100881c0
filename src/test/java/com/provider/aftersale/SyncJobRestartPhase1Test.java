package com.provider.aftersale;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.provider.aftersale.repository.SyncJobQueue;
import com.provider.support.DouyinWireMock;
import com.provider.support.Eventually;
import com.provider.support.InjectWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.DouyinAnswers.businessError;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.DouyinAnswers.serverError;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Queued jobs survive a platform outage and a restart, part 1 of 2: with Douyin answering HTTP 500, the
 * worker retries the queued jobs with backoff and keeps them QUEUED with their last error; a permanent refusal
 * is GAVE_UP on its first answer and shown to operators. A job left RUNNING by a "crashed" worker is planted last. Then
 * this app stops. {@link SyncJobRestartPhase2Test} (run right after: Quarkus orders test classes by name
 * within the same kind, and the two profiles differ) starts a new app on the same database, whose rows are
 * all that links the two: nothing of this app's memory survives.
 */
@QuarkusTest
@WithTestResource(DouyinWireMock.class)
@TestProfile(SyncJobRestartPhase1Test.Outage.class)
class SyncJobRestartPhase1Test {

    static final String ORDER_A = "restart-a";
    static final String ORDER_B = "restart-b";
    static final String CERTIFICATE_B = "cert-restart-b";
    static final String ORDER_REFUSED = "restart-refused";
    static final String ORDER_CRASHED = "restart-crashed";

    /**
     * Both phases keep the embedded database in this directory (the other tests use a throw-away one): the
     * second app must find what the first left, as a production replica finds its PostgreSQL.
     * {@code mvn clean} removes it.
     */
    static final String DATA_DIR = "target/sync-job-restart-pg";

    /** A fast worker; the circuit never opens, so every attempt reaches the fake Douyin. */
    public static class Outage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.embedded.postgresql.data.dir", DATA_DIR,
                    "after-sale.sync-jobs.every", "1s",
                    "after-sale.sync-jobs.backoff-base", "100ms",
                    "after-sale.sync-jobs.backoff-max", "300ms",
                    "after-sale.sync-jobs.max-attempts", "1000",
                    "after-sale.sync-jobs.lease", "5s",
                    "douyin.openapi.retry.max-retries", "1",
                    "douyin.openapi.circuit-breaker.request-volume-threshold", "1000",
                    // a cold app on a busy machine may take over the tests' 1 s for its first calls: a timed-out
                    // call may have been applied, so it is sent again, which is not what this test is about
                    "douyin.openapi.call-timeout", "5s");
        }
    }

    @InjectWireMock
    WireMockServer douyin;

    @Inject
    SyncJobQueue jobs;

    @Inject
    Pool pool;

    @Test
    void anOutageKeepsJobsQueuedAndARefusalGivesUpAtOnce() throws InterruptedException {
        // the data directory outlives a build: forget an earlier build's rows of this test
        pool.query("DELETE FROM after_sale_sync_job WHERE order_id LIKE 'restart-%'").execute().await().indefinitely();
        pool.query("DELETE FROM after_sale_order WHERE order_id LIKE 'restart-%'").execute().await().indefinitely();
        douyin.stubFor(detailCall().willReturn(serverError()));
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(ORDER_REFUSED))
                .willReturn(okJson(businessError(2119005, "log-refused"))));

        jobs.enqueue(ORDER_A, null, null, "test").await().indefinitely();
        jobs.enqueue(ORDER_B, CERTIFICATE_B, null, "test").await().indefinitely();
        jobs.enqueue(ORDER_REFUSED, null, null, "test").await().indefinitely();

        for (String order : new String[] {ORDER_A, ORDER_B}) {
            Eventually.within(Duration.ofSeconds(20), () -> operator()
                    .get("/api/after-sales/sync-jobs?order_id=" + order).then().statusCode(200)
                    .body("total", org.hamcrest.Matchers.equalTo(1))
                    .body("items[0].status", org.hamcrest.Matchers.oneOf("QUEUED", "RUNNING"))
                    .body("items[0].attempts", greaterThanOrEqualTo(2))
                    .body("items[0].last_error", containsString("HTTP 500")));
        }
        Eventually.within(Duration.ofSeconds(20), () -> operator()
                .get("/api/after-sales/sync-jobs?status=GAVE_UP&order_id=" + ORDER_REFUSED).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1))
                .body("items[0].last_error_code", org.hamcrest.Matchers.equalTo(2119005))
                .body("items[0].last_log_id", org.hamcrest.Matchers.equalTo("log-refused")));

        // A worker that died mid-job: RUNNING under a lease that runs out a few seconds from now.
        pool.preparedQuery("INSERT INTO after_sale_sync_job (order_id, source, status, attempts, locked_until,"
                        + " lease_token) VALUES ($1, 'test', 'RUNNING', 1, now() + interval '5 seconds', gen_random_uuid())")
                .execute(Tuple.of(ORDER_CRASHED)).await().indefinitely();
    }
}
