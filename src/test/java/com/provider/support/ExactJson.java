package com.provider.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Douyin sent, as the operator API shows it back. */
public final class ExactJson {

    private ExactJson() {
    }

    /**
     * Every field of {@code sent} is in {@code shown} under its name with the same value; integers are compared
     * exactly, and one sent as a decimal string must be shown as that integer (a JSON number).
     */
    public static void assertShown(JsonNode sent, JsonNode shown, String path) {
        if (sent.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = sent.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertTrue(shown.has(field.getKey()), path + "." + field.getKey() + " is missing in " + shown);
                assertShown(field.getValue(), shown.get(field.getKey()), path + "." + field.getKey());
            }
        } else if (sent.isArray()) {
            assertEquals(sent.size(), shown.size(), path + " size");
            for (int i = 0; i < sent.size(); i++) {
                assertShown(sent.get(i), shown.get(i), path + "[" + i + "]");
            }
        } else if (sent.isIntegralNumber()) {
            assertTrue(shown.isIntegralNumber(), path + " is not shown as an integer: " + shown);
            assertEquals(sent.bigIntegerValue(), shown.bigIntegerValue(), path);
        } else {
            assertEquals(sent, shown, path);
        }
    }
}
