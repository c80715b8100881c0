package com.provider.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Production logs are JSON, and every line of a callback carries Douyin's log id and the business ids. */
@QuarkusTest
@TestProfile(JsonLogTest.JsonLogs.class)
class JsonLogTest {

    static final Path LOG = Path.of("target", "json-log-test.log");

    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.json.enabled", "true",
                    // per-callback success lines are DEBUG in production; operators turn them on like this
                    "quarkus.log.category.\"com.provider\".level", "DEBUG");
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
        }
        assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().contains("PENDING_AUDIT")));
        assertFalse(Files.readString(LOG).contains(SignedSpi.SECRET), "the app secret is never logged");
    }

    private static List<JsonNode> linesWithLogId(String logId) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new ArrayList<>();
        if (!Files.exists(LOG)) {
            return found;
        }
        for (String line : Files.readAllLines(LOG)) {
            if (line.contains(logId)) {
                found.add(json.readTree(line));
            }
        }
        return found;
    }
}
