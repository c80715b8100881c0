package com.provider.douyin.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an SPI endpoint answers: the HTTP status and the {@code data} object of Douyin's envelope
 * {@code {"data":{"error_code":..,"description":..,...}}}. Null fields are left out.
 */
public record SpiAnswer(int httpStatus, int errorCode, String description, Map<String, Object> fields) {

    public static SpiAnswer success(Map<String, Object> fields) {
        return new SpiAnswer(200, 0, "success", fields);
    }

    public static SpiAnswer success() {
        return success(Map.of());
    }

    public static SpiAnswer retryLater(String description) {
        return error(SpiErrorCode.RETRY_LATER, description);
    }

    public static SpiAnswer error(SpiErrorCode code, String description) {
        return new SpiAnswer(code.httpStatus, code.code, description, Map.of());
    }

    /** The envelope's {@code data} object, in the order Douyin's pages show it. */
    public Map<String, Object> data() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("error_code", errorCode);
        data.put("description", description);
        fields.forEach((name, value) -> {
            if (value != null) {
                data.put(name, value);
            }
        });
        return data;
    }

    public Map<String, Object> envelope() {
        return Map.of("data", data());
    }
}
