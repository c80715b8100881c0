package com.provider.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provider.support.AppLog;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Production logs are JSON; every line of a callback carries Douyin's log id and the business ids; every
 * authenticated call has one access line; what an unauthenticated caller sends is cut down before it reaches a
 * log line, and its refusals are logged at a bounded rate.
 */
@QuarkusTest
@TestProfile(JsonLogTest.JsonLogs.class)
class JsonLogTest {

    private static final String LOG_FILE = "target/json-log-test.log";

    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG_FILE,
                    "quarkus.log.file.json.enabled", "true",
                    // per-callback success lines are DEBUG in production; operators turn them on like this
                    "quarkus.log.category.\"com.provider\".level", "DEBUG",
                    "douyin.spi.refusal-logs-per-second", "5");
        }
    }

    @Test
    void aCallbacksLogLinesCarryItsLogIdAndIdsAndNoSecret() throws Exception {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        SignedSpi call = SignedSpi.call();
        call.post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, true, 21)).then().statusCode(200);

        List<JsonNode> lines = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (lines.isEmpty() && System.currentTimeMillis() < deadline) {
            lines = linesWithLogId(call.logId());
            Thread.sleep(50);
        }
        assertFalse(lines.isEmpty(), "a JSON line with the log id");
        for (JsonNode line : lines) {
            assertTrue(line.path("mdc").path("order_id").asText().equals(orderId), line.toString());
            assertTrue(line.path("mdc").path("cancel_id").asText().equals(cancelId), line.toString());
            // no OTLP endpoint here: traces are not exported, yet each line names its trace and span
            assertTrue(line.path("mdc").path("traceId").asText().matches("[0-9a-f]{32}"), line.toString());
            assertTrue(line.path("mdc").path("spanId").asText().matches("[0-9a-f]{16}"), line.toString());
            assertEquals(lines.get(0).path("mdc").path("traceId"), line.path("mdc").path("traceId"), "one trace");
        }
        assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().contains("PENDING_AUDIT")));
        assertFalse(Files.readString(AppLog.path()).contains(SignedSpi.SECRET), "the app secret is never logged");
    }

    @Test
    void everyAuthenticatedCallHasOneAccessLineWithItsKeysOutcomeAndTime() throws Exception {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        SignedSpi hotel = SignedSpi.call();
        hotel.post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, false, 11)).then().statusCode(200);
        SignedSpi redelivery = SignedSpi.call();
        redelivery.post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, false, 11)).then().statusCode(200);
        SignedSpi scenic = SignedSpi.call();
        scenic.post("/douyin/spi/scenic/refund-audit-notice", """
                {"order_id":"%s","notice_list":[{"certificate_id":"c-1"},{"certificate_id":"c-2"}]}"""
                .formatted(orderId)).then().statusCode(200);
        SignedSpi bad = SignedSpi.call();
        bad.post(HOTEL_CANCEL_ORDER, "{}").then().statusCode(400);

        JsonNode first = accessLine(hotel.logId());
        assertEquals("INFO", first.path("level").asText(), first.toString());
        JsonNode mdc = first.path("mdc");
        assertEquals("hotel.cancel-order", mdc.path("spi").asText());
        assertEquals(orderId, mdc.path("order_id").asText());
        assertEquals(cancelId, mdc.path("cancel_id").asText());
        assertEquals("HANDLED", mdc.path("outcome").asText());
        assertEquals("0", mdc.path("error_code").asText());
        assertTrue(mdc.path("ms").asText().matches("\\d+"), first.toString());

        assertEquals("DUPLICATE", accessLine(redelivery.logId()).path("mdc").path("outcome").asText());
        JsonNode notice = accessLine(scenic.logId()).path("mdc");
        assertEquals("scenic.refund-audit-notice", notice.path("spi").asText());
        assertEquals("c-1,c-2", notice.path("certificate_ids").asText());
        assertEquals("HANDLED", notice.path("outcome").asText());
        JsonNode refused = accessLine(bad.logId()).path("mdc");
        assertEquals("REJECTED", refused.path("outcome").asText());
        assertEquals("40000", refused.path("error_code").asText());
    }

    @Test
    void anUnauthenticatedCallsLogIdAndClientKeyAreCutDownBeforeTheyAreLogged() throws Exception {
        String marker = "mdc-" + UUID.randomUUID();
        String longLogId = marker + "-" + "x".repeat(500);
        // A client_key that decodes to a line break and a forged log line, and is long.
        String clientKey = "evil%0A%7B%22level%22%3A%22ERROR%22%7D%0D" + "k".repeat(300);
        JsonNode line = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (line == null && System.currentTimeMillis() < deadline) {
            given().urlEncodingEnabled(false).header("X-Bytedance-Logid", longLogId)
                    .queryParam("client_key", clientKey).queryParam("timestamp", "1")
                    .contentType("application/json").body("{}")
                    .post(HOTEL_CANCEL_ORDER).then().statusCode(401);
            // refusals are rate limited: another test's flood may have used this second's share
            List<JsonNode> lines = waitForLines(marker, 1500);
            line = lines.isEmpty() ? null : lines.get(0);
        }
        assertNotNull(line, "the refusal is logged");
        JsonNode mdc = line.path("mdc");
        String loggedLogId = mdc.path("log_id").asText();
        String loggedClientKey = mdc.path("client_key").asText();
        assertTrue(loggedLogId.startsWith(marker), line.toString());
        assertTrue(loggedLogId.length() <= 80, "log_id cut down: " + loggedLogId.length() + " characters");
        assertTrue(loggedClientKey.startsWith("evil"), line.toString());
        assertTrue(loggedClientKey.length() <= 80, "client_key cut down: " + loggedClientKey.length() + " characters");
        for (String logged : List.of(loggedLogId, loggedClientKey, line.path("message").asText())) {
            assertTrue(logged.chars().noneMatch(Character::isISOControl), "no control character in " + logged);
        }
        assertFalse(Files.readString(AppLog.path()).contains("x".repeat(100)), "the long log id never reaches the log");
    }

    @Test
    void refusalsAreLoggedAtABoundedRateWithASummaryOfWhatWasLeftOut() throws Exception {
        String marker = "flood-" + UUID.randomUUID();
        long logSizeBefore = Files.exists(AppLog.path()) ? Files.size(AppLog.path()) : 0;
        long started = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            given().header("X-Bytedance-Logid", marker + "-" + i)
                    .queryParam("client_key", "awx-unknown").queryParam("timestamp", "1")
                    .contentType("application/json").body("{}")
                    .post(HOTEL_CANCEL_ORDER).then().statusCode(401);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        Thread.sleep(2500); // a whole window later, the summary of the last one is out too
        List<JsonNode> logged = linesWithLogIdPrefix(marker);
        assertTrue(logged.size() <= 5 * (seconds + 2), logged.size() + " lines for 60 refusals in " + seconds + " s");
        assertTrue(logged.size() < 60, "not every refusal is logged");
        String written = Files.readString(AppLog.path()).substring((int) logSizeBefore);
        assertTrue(written.lines().anyMatch(l -> l.contains("suppressed")),
                "a summary says how many refusals were not logged");
    }

    private static JsonNode accessLine(String logId) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            lines = linesWithLogId(logId).stream()
                    .filter(l -> l.path("loggerName").asText().equals("aftersale.spi.access")).toList();
            if (!lines.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(1, lines.size(), "one access line for " + logId);
        return lines.get(0);
    }

    private static List<JsonNode> waitForLines(String marker, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        List<JsonNode> lines = linesWithLogIdPrefix(marker);
        while (lines.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            lines = linesWithLogIdPrefix(marker);
        }
        return lines;
    }

    private static List<JsonNode> linesWithLogIdPrefix(String prefix) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode line : linesWithLogId(prefix)) {
            if (line.path("mdc").path("log_id").asText().startsWith(prefix)) {
                found.add(line);
            }
        }
        return found;
    }

    private static List<JsonNode> linesWithLogId(String logId) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new ArrayList<>();
        if (!Files.exists(AppLog.path())) {
            return found;
        }
        for (String line : Files.readAllLines(AppLog.path())) {
            if (line.contains(logId)) {
                found.add(json.readTree(line));
            }
        }
        return found;
    }
}
