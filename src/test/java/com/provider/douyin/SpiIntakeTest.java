package com.provider.douyin;

import com.provider.support.RawHttp;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static com.provider.support.CancelOrderBodies.minimal;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the SPI port does with hostile or broken transfers, seen from a raw socket: a call that cannot be
 * authentic is refused before its body is read, an oversized chunked body is refused as soon as it passes the
 * limit, and a body that does not arrive in time is answered and dropped. Each answer is the envelope, and the
 * connection is closed behind it so that the unread rest of the body is never taken in.
 */
@QuarkusTest
class SpiIntakeTest {

    static final int ONE_MIB = 1024 * 1024;

    @Test
    void anUnknownClientKeyIsRefusedBeforeTheBodyIsSent() throws IOException {
        assertRefusedBeforeTheBody("client_key=awx-unknown&timestamp=1", true, "unknown client_key");
    }

    @Test
    void aMissingClientKeyIsRefusedBeforeTheBodyIsSent() throws IOException {
        assertRefusedBeforeTheBody("timestamp=1", true, "client_key is missing");
    }

    @Test
    void aMissingSignatureIsRefusedBeforeTheBodyIsSent() throws IOException {
        assertRefusedBeforeTheBody("client_key=" + SignedSpi.CLIENT_KEY + "&timestamp=1", false,
                "x-life-sign header is missing");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAsSoonAsItPassesIt() throws IOException {
        String logId = "chunked-" + UUID.randomUUID();
        // 17 chunks of 64 KiB: the limit and one chunk more, and then nothing: no last chunk ever comes.
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'x');
        for (int i = 0; i < 17; i++) {
            chunks.writeBytes((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.writeBytes(piece);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        try (RawHttp http = RawHttp.connect()) {
            http.head("POST", HOTEL_CANCEL_ORDER + "?client_key=" + SignedSpi.CLIENT_KEY + "&timestamp=1",
                    headers(logId, true, "Transfer-Encoding", "chunked"));
            http.sendWhileAccepted(chunks.toByteArray(), 5000);

            RawHttp.Answer answer = http.answer(5000);
            assertEquals(413, answer.status(), answer.toString());
            assertThat(answer.headers().get("content-type"), containsString("application/json"));
            assertThat(answer.body(), containsString("\"error_code\":41300"));
            assertTrue(http.closedByServer(5000), "the connection is closed behind the answer");
        }
        operator().queryParam("log_id", logId).get("/api/callbacks").then().body("total", equalTo(0));
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws IOException {
        String logId = "declared-" + UUID.randomUUID();
        try (RawHttp http = RawHttp.connect()) {
            http.head("POST", HOTEL_CANCEL_ORDER + "?client_key=" + SignedSpi.CLIENT_KEY + "&timestamp=1",
                    headers(logId, true, "Content-Length", String.valueOf(8 * ONE_MIB)));

            RawHttp.Answer answer = http.answer(5000);
            assertEquals(413, answer.status(), answer.toString());
            assertThat(answer.body(), containsString("\"error_code\":41300"));
            assertTrue(http.closedByServer(5000), "the connection is closed behind the answer");
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsAnsweredAndDropped() throws IOException {
        String logId = "slow-" + UUID.randomUUID();
        long started = System.nanoTime();
        try (RawHttp http = RawHttp.connect()) {
            http.head("POST", HOTEL_CANCEL_ORDER + "?client_key=" + SignedSpi.CLIENT_KEY + "&timestamp=1",
                    headers(logId, true, "Content-Length", "100"));
            http.send("{\"order_id\"".getBytes(StandardCharsets.UTF_8)); // and the other 89 bytes never come

            RawHttp.Answer answer = http.answer(10_000);
            assertEquals(408, answer.status(), answer.toString());
            assertThat(answer.body(), containsString("\"error_code\":40800"));
            assertTrue(http.closedByServer(5000), "the connection is closed behind the answer");
        }
        // douyin.spi.body-read-timeout (2 s by default), counted from the call's arrival, not 30 minutes of idling
        assertThat((System.nanoTime() - started) / 1_000_000, lessThan(8_000L));
        operator().queryParam("log_id", logId).get("/api/callbacks").then().body("total", equalTo(0));
    }

    @Test
    void aSignedCallStillGoesThroughOnARawConnection() throws IOException {
        String cancelId = uniqueId("cancel");
        byte[] body = minimal("o", cancelId).getBytes(StandardCharsets.UTF_8);
        Map<String, String> query = Map.of("client_key", SignedSpi.CLIENT_KEY, "timestamp", "1");
        String sign = SignedSpi.sign("SHA-256", SignedSpi.SECRET, query, body);
        try (RawHttp http = RawHttp.connect()) {
            Map<String, String> headers = headers("raw-" + UUID.randomUUID(), false, "Content-Length",
                    String.valueOf(body.length));
            headers.put("x-life-sign", sign);
            http.head("POST", HOTEL_CANCEL_ORDER + "?client_key=" + SignedSpi.CLIENT_KEY + "&timestamp=1", headers);
            // The body in two pieces, some time apart, as a slow network delivers it.
            http.send(Arrays.copyOf(body, 10));
            sleep(200);
            http.send(Arrays.copyOfRange(body, 10, body.length));
            RawHttp.Answer answer = http.answer(5000);
            assertEquals(200, answer.status(), answer.toString());
            assertThat(answer.body(), containsString("\"error_code\":0"));
        }
        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200);
    }

    @Test
    void aClientThatAsksBeforeSendingIsToldToContinueOnlyWhenAdmitted() throws IOException {
        try (RawHttp http = RawHttp.connect()) {
            Map<String, String> headers = headers("expect-" + UUID.randomUUID(), true, "Content-Length",
                    String.valueOf(ONE_MIB));
            headers.put("Expect", "100-continue");
            http.head("POST", HOTEL_CANCEL_ORDER + "?client_key=awx-unknown&timestamp=1", headers);
            RawHttp.Answer refused = http.answer(5000);
            assertEquals(401, refused.status(), "refused at once, never told to continue: " + refused);
        }
        String cancelId = uniqueId("cancel");
        byte[] body = minimal("o", cancelId).getBytes(StandardCharsets.UTF_8);
        String sign = SignedSpi.sign("SHA-256", SignedSpi.SECRET,
                Map.of("client_key", SignedSpi.CLIENT_KEY, "timestamp", "1"), body);
        try (RawHttp http = RawHttp.connect()) {
            Map<String, String> headers = headers("expect-" + UUID.randomUUID(), false, "Content-Length",
                    String.valueOf(body.length));
            headers.put("x-life-sign", sign);
            headers.put("Expect", "100-continue");
            http.head("POST", HOTEL_CANCEL_ORDER + "?client_key=" + SignedSpi.CLIENT_KEY + "&timestamp=1", headers);
            assertEquals(100, http.answer(5000).status(), "admitted: told to send the body");
            http.send(body);
            RawHttp.Answer answer = http.answer(5000);
            assertEquals(200, answer.status(), answer.toString());
            assertThat(answer.body(), containsString("\"error_code\":0"));
        }
    }

    private static void assertRefusedBeforeTheBody(String query, boolean signed, String reason) throws IOException {
        String logId = "early-" + UUID.randomUUID();
        try (RawHttp http = RawHttp.connect()) {
            http.head("POST", HOTEL_CANCEL_ORDER + "?" + query,
                    headers(logId, signed, "Content-Length", String.valueOf(ONE_MIB)));
            http.send(new byte[1024]); // 1 KiB of the 1 MiB announced; the rest is never sent

            RawHttp.Answer answer = http.answer(5000);
            assertEquals(401, answer.status(), answer.toString());
            assertThat(answer.headers().get("content-type"), containsString("application/json"));
            assertThat(answer.body(), containsString("\"error_code\":40100"));
            assertThat(answer.body(), containsString(reason));
            assertTrue(http.closedByServer(5000), "the connection is closed behind the answer");
        }
        operator().queryParam("log_id", logId).get("/api/callbacks").then().body("total", equalTo(0));
    }

    static Map<String, String> headers(String logId, boolean signed, String lengthHeader, String lengthValue) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Bytedance-Logid", logId);
        if (signed) {
            headers.put("x-life-sign", "0".repeat(64)); // present, so the body must be read to check it
        }
        headers.put(lengthHeader, lengthValue);
        return headers;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
