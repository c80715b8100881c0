package com.provider.douyin.spi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict reading of SPI bodies: valid JSON only (no trailing commas, no duplicate keys, nothing after the
 * object), and fields of exactly the documented type. Integers are never coerced from strings or floats,
 * and must fit their range. Unknown fields are ignored, so the platform may add some.
 * Every problem in a body is reported at once, in one 400 answer.
 */
public final class StrictJson {

    private static final ObjectReader READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    /** Problems named in one answer; a body with thousands of bad fields gets a short answer and log line. */
    private static final int MAX_PROBLEMS_LISTED = 20;

    private StrictJson() {
    }

    /** Parses a body that must be one JSON object. */
    public static Fields parseObject(byte[] body) {
        if (body.length == 0) {
            throw SpiRejection.badRequest("the body is empty; a JSON object is expected");
        }
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw SpiRejection.badRequest("the body is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw SpiRejection.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw SpiRejection.badRequest("the body must be a JSON object");
        }
        return new Fields(root, "", new ArrayList<>());
    }

    /** Typed access to one JSON object's fields, collecting every problem under its path. */
    public static final class Fields {
        private final JsonNode node;
        private final String path;
        private final List<String> problems;

        private Fields(JsonNode node, String path, List<String> problems) {
            this.node = node;
            this.path = path;
            this.problems = problems;
        }

        public String requiredString(String name, FieldLength length) {
            JsonNode value = present(name, true);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                return wrongType(name, "a string");
            }
            if (value.textValue().isEmpty()) {
                problems.add(path + name + " must not be empty");
            }
            return storable(name, value.textValue(), length);
        }

        public String optionalString(String name, FieldLength length) {
            JsonNode value = present(name, false);
            if (value == null) {
                return null;
            }
            return value.isTextual() ? storable(name, value.textValue(), length) : wrongType(name, "a string");
        }

        /**
         * PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate (an escape like "\ud800" without its
         * pair) is no character at all: either would be refused or changed on the way in, so it is refused
         * here, named, instead of failing the write and every retry of it.
         */
        private String storable(String name, String text, FieldLength length) {
            if (text.length() > length.max) {
                // An id longer than any index can hold would fail the write and every retry of it.
                problems.add(path + name + " is longer than " + length.max + " characters");
                return text;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\u0000') {
                    problems.add(path + name + " must not contain the NUL character (\\u0000)");
                    break;
                }
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    problems.add(path + name + " must not contain an unpaired UTF-16 surrogate escape");
                    break;
                }
            }
            return text;
        }

        /**
         * A field documented as a string whose content may be a structure: a string is taken as is, an object
         * or array is kept as its JSON text, so nothing is lost and the call is not refused.
         */
        public String optionalStringOrJson(String name, FieldLength length) {
            JsonNode value = present(name, false);
            if (value == null) {
                return null;
            }
            if (value.isTextual()) {
                return storable(name, value.textValue(), length);
            }
            return value.isContainerNode() ? storable(name, value.toString(), length) : wrongType(name, "a string");
        }

        /** A required, non-empty array of objects. */
        public List<Fields> requiredNonEmptyObjects(String name) {
            JsonNode value = present(name, true);
            if (value != null && value.isArray() && value.isEmpty()) {
                problems.add(path + name + " must not be empty");
            }
            return objects(value, name);
        }

        public int requiredInt(String name) {
            Integer value = optionalInt(present(name, true), name);
            return value == null ? 0 : value;
        }

        public Integer optionalInt(String name) {
            return optionalInt(present(name, false), name);
        }

        public long requiredLong(String name) {
            Long value = optionalLong(present(name, true), name);
            return value == null ? 0 : value;
        }

        public Long optionalLong(String name) {
            return optionalLong(present(name, false), name);
        }

        public Boolean optionalBoolean(String name) {
            JsonNode value = present(name, false);
            if (value == null) {
                return null;
            }
            return value.isBoolean() ? value.booleanValue() : wrongType(name, "true or false");
        }

        /** An optional array of objects; absent or null gives an empty list. */
        public List<Fields> optionalObjects(String name) {
            return objects(present(name, false), name);
        }

        /** Throws one 400 rejection naming every problem found so far in the whole body. */
        public void validate() {
            if (!problems.isEmpty()) {
                String listed = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED)));
                String more = problems.size() > MAX_PROBLEMS_LISTED
                        ? "; and " + (problems.size() - MAX_PROBLEMS_LISTED) + " more problems" : "";
                throw SpiRejection.badRequest("invalid body: " + listed + more);
            }
        }

        private List<Fields> objects(JsonNode value, String name) {
            if (value == null) {
                return List.of();
            }
            if (!value.isArray()) {
                wrongType(name, "an array");
                return List.of();
            }
            List<Fields> items = new ArrayList<>(value.size());
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isObject()) {
                    problems.add(path + name + "[" + i + "] must be an object");
                    continue;
                }
                items.add(new Fields(item, path + name + "[" + i + "].", problems));
            }
            return items;
        }

        private Integer optionalInt(JsonNode value, String name) {
            if (value == null) {
                return null;
            }
            if (!value.isIntegralNumber()) {
                return wrongType(name, "an integer");
            }
            if (!value.canConvertToInt()) {
                problems.add(path + name + " is out of the 32-bit integer range");
                return null;
            }
            return value.intValue();
        }

        private Long optionalLong(JsonNode value, String name) {
            if (value == null) {
                return null;
            }
            if (!value.isIntegralNumber()) {
                return wrongType(name, "an integer");
            }
            if (!value.canConvertToLong()) {
                problems.add(path + name + " is out of the 64-bit integer range");
                return null;
            }
            return value.longValue();
        }

        /** The field's value, or null when absent or JSON null (noting it when the field is required). */
        private JsonNode present(String name, boolean required) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    problems.add(path + name + " is required");
                }
                return null;
            }
            return value;
        }

        private <T> T wrongType(String name, String expected) {
            problems.add(path + name + " must be " + expected);
            return null;
        }
    }
}
