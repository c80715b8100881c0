package com.provider.douyin;

import com.provider.support.Metrics;
import com.provider.support.Eventually;
import com.provider.support.RawHttp;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.provider.support.CancelOrderBodies.minimal;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bodies held in memory at once are bounded, by count and by bytes (small bounds here). A signed call that
 * comes while the bound is taken is answered error_code 100 at once, so Douyin retries it, and nothing is
 * stored; once the bodies in memory are finished with, calls go through again.
 */
@QuarkusTest
@TestProfile(SpiMemoryBoundTest.SmallBound.class)
class SpiMemoryBoundTest {

    public static class SmallBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "douyin.spi.max-bodies-in-memory", "2",
                    "douyin.spi.max-body-bytes-in-memory", "64K",
                    // the bodies that hold the bound here are slow on purpose: they must not time out first
                    "douyin.spi.body-read-timeout", "30s",
                    "douyin.spi.durability-timeout", "30s");
        }
    }

    @Test
    void overTheCountASignedCallIsAnsweredRetryLaterAndNothingIsStored() throws Exception {
        awaitBoundFree(); // a body of the test before may still be given back: the slow calls must not be refused
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                slow.add(slowBody(1000));
            }
            awaitHeld(2, 2000);
            assertRefusedWhileHeldThenAccepted(slow);
        } finally {
            closeAll(slow);
        }
    }

    @Test
    void overTheBytesASignedCallIsAnsweredRetryLaterAndNothingIsStored() throws Exception {
        awaitBoundFree();
        List<RawHttp> slow = new ArrayList<>();
        try {
            slow.add(slowBody(65_500)); // of the 64 KiB (65,536 bytes): what is left is less than the next body
            awaitHeld(1, 65_500);
            assertRefusedWhileHeldThenAccepted(slow);
        } finally {
            closeAll(slow);
        }
    }

    /** Both gauges at 0: no body of an earlier call is held any more. */
    private static void awaitBoundFree() throws InterruptedException {
        awaitHeld(0, 0);
    }

    /**
     * The slow calls are admitted asynchronously, and a connection closed by the test before is given back
     * asynchronously too: wait until the gauges say exactly what the test holds, so that what follows does not
     * race with either.
     */
    private static void awaitHeld(int bodies, long bytes) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(10), () -> {
            Metrics metrics = Metrics.scrape();
            assertEquals(bodies, (long) metrics.value("aftersale_spi_bodies_in_memory"), "bodies in memory");
            assertEquals(bytes, (long) metrics.value("aftersale_spi_body_bytes_in_memory"), "body bytes in memory");
        });
    }


    private static void assertRefusedWhileHeldThenAccepted(List<RawHttp> slow) throws IOException {
        // The bound is taken (the gauges said so): a signed call is refused at once.
        String refusedId = null;
        long deadline = System.currentTimeMillis() + 5000;
        while (refusedId == null && System.currentTimeMillis() < deadline) {
            String cancelId = uniqueId("bound");
            Response response = SignedSpi.call().post(HOTEL_CANCEL_ORDER, minimal("o", cancelId));
            assertEquals(200, response.statusCode(), response.asString());
            int errorCode = response.jsonPath().getInt("data.error_code");
            if (errorCode == 100) {
                refusedId = cancelId;
            } else {
                SpiIntakeTest.sleep(50);
            }
        }
        if (refusedId == null) {
            fail("no signed call was answered error_code 100 while the bound was taken");
        }
        operator().get("/api/hotel/cancellations/" + refusedId).then().statusCode(404);
        operator().queryParam("business_key", refusedId).get("/api/callbacks").then().body("total", equalTo(0));

        closeAll(slow); // the slow calls end: their share of the bound is given back
        String acceptedId = uniqueId("after");
        deadline = System.currentTimeMillis() + 5000;
        int errorCode = -1;
        while (errorCode != 0 && System.currentTimeMillis() < deadline) {
            errorCode = SignedSpi.call().post(HOTEL_CANCEL_ORDER, minimal("o", acceptedId)).jsonPath()
                    .getInt("data.error_code");
            if (errorCode != 0) {
                SpiIntakeTest.sleep(50);
            }
        }
        assertEquals(0, errorCode, "once the bound is free again, a call is stored");
        operator().get("/api/hotel/cancellations/" + acceptedId).then().statusCode(200);
    }

    /** A call that passes the checks made before the body, announces {@code length} bytes and sends 10. */
    private static RawHttp slowBody(int length) throws IOException {
        RawHttp http = RawHttp.connect();
        http.head("POST", HOTEL_CANCEL_ORDER + "?client_key=" + SignedSpi.CLIENT_KEY + "&timestamp=1",
                SpiIntakeTest.headers("slow-" + UUID.randomUUID(), true, "Content-Length", String.valueOf(length)));
        http.send("{\"order_id".getBytes(StandardCharsets.UTF_8));
        return http;
    }

    private static void closeAll(List<RawHttp> connections) throws IOException {
        for (RawHttp connection : connections) {
            connection.close();
        }
    }
}
