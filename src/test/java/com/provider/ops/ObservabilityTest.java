package com.provider.ops;

import com.provider.support.Metrics;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;


import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static com.provider.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Kubernetes and Prometheus see: the three probes and the callback metrics moving. */
@QuarkusTest
class ObservabilityTest {

    private static final String HANDLED =
            "aftersale_spi_callbacks_total{outcome=\"HANDLED\",spi=\"hotel.cancel-order\"}";
    private static final String DUPLICATE =
            "aftersale_spi_callbacks_total{outcome=\"DUPLICATE\",spi=\"hotel.cancel-order\"}";
    private static final String SIGNATURE_FAILURES =
            "aftersale_spi_signature_failures_total{spi=\"hotel.cancel-order\"}";
    private static final String ANSWER_COUNT = "aftersale_spi_answer_seconds_count{spi=\"hotel.cancel-order\"}";

    @Test
    void theProbesAreUp() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("PostgreSQL"));
        management().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("database schema"));
    }

    @Test
    void probesMetricsAndTheApiDocumentAreNotServedOnThePublicPort() {
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                "/q/health/well", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(404);
            management().get(path).then().statusCode(not(equalTo(404)));
        }
    }

    @Test
    void wellnessReportsTheDouyinCircuitAndTheQueues() {
        management().get("/q/health/well").then()
                .body("checks.name", hasItems("douyin-openapi-circuit", "queues"))
                .body("checks.find { it.name == 'queues' }.data", hasKey("after_sale_sync.depth"))
                .body("checks.find { it.name == 'queues' }.data", hasKey("hotel_cancel_audit.oldest_age_seconds"));
        management().get("/q/health/ready").then().body("checks.name", not(hasItems("douyin-openapi-circuit")));
    }

    @Test
    void callbackMetricsMoveWhenCallbacksArrive() {
        double handled = metric(HANDLED);
        double duplicates = metric(DUPLICATE);
        double signatureFailures = metric(SIGNATURE_FAILURES);
        double answers = metric(ANSWER_COUNT);

        String body = body(uniqueId("order"), uniqueId("cancel"), true, 11);
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body).then().statusCode(200);
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body).then().statusCode(200);
        SignedSpi.call().secret("wrong").post(HOTEL_CANCEL_ORDER, body).then().statusCode(401);

        assertEquals(handled + 1, metric(HANDLED));
        assertEquals(duplicates + 1, metric(DUPLICATE));
        assertEquals(signatureFailures + 1, metric(SIGNATURE_FAILURES));
        assertEquals(answers + 3, metric(ANSWER_COUNT));
        String scrape = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(scrape.contains("aftersale_spi_answer_seconds_bucket{spi=\"hotel.cancel-order\""),
                "latency histogram buckets are published");
        assertTrue(scrape.contains("jvm_memory_used_bytes"), "JVM metrics sit beside ours");
    }

    @Test
    void outboundAndQueueMetricsArePublished() throws Exception {
        String scrape = "";
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && !scrape.contains("aftersale_queue_depth{queue=\"hotel_cancel_audit\"}")) {
            Thread.sleep(200);
            scrape = management().get("/q/metrics").then().statusCode(200).extract().asString();
        }
        assertTrue(scrape.contains("aftersale_queue_depth{queue=\"after_sale_sync\"}"), "sync job queue depth in "
                + scrape.lines().filter(l -> l.contains("queue") || l.contains("circuit")).toList());
        assertTrue(scrape.contains("aftersale_queue_oldest_age_seconds{queue=\"hotel_cancel_audit\"}"),
                "decision outbox age");
        assertTrue(scrape.contains("aftersale_douyin_circuit_state"), "circuit state");
    }

    /** The current value of a series on /q/metrics, 0 when it does not exist yet. */
    private static double metric(String series) {
        return Metrics.scrape().valueOrZero(series);
    }
}
