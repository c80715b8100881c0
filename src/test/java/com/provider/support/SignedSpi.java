package com.provider.support;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Sends SPI calls the way Douyin does: query client_key and timestamp, body signed with x-life-sign.
 * The signature is computed here independently of the service's own code.
 */
public final class SignedSpi {

    public static final String CLIENT_KEY = "awx1234567890abc";
    public static final String SECRET = "0123456789abcdef0123456789abcdef";
    public static final String PREVIOUS_SECRET = "previous-secret-being-rotated-out";
    public static final String HOTEL_CANCEL_ORDER = "/douyin/spi/hotel/cancel-order";

    private String clientKey = CLIENT_KEY;
    private String secret = SECRET;
    private final Map<String, String> query = new LinkedHashMap<>();
    private String signHeaderName = "x-life-sign";
    private String signOverride;
    private boolean signed = true;
    private String logId = "logid-" + UUID.randomUUID();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private SignedSpi() {
    }

    public static SignedSpi call() {
        return new SignedSpi();
    }

    public SignedSpi clientKey(String clientKey) {
        this.clientKey = clientKey;
        return this;
    }

    public SignedSpi secret(String secret) {
        this.secret = secret;
        return this;
    }

    public SignedSpi query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public SignedSpi signHeaderName(String name) {
        this.signHeaderName = name;
        return this;
    }

    /** Sends this value as the signature instead of the right one. */
    public SignedSpi signature(String value) {
        this.signOverride = value;
        return this;
    }

    public SignedSpi unsigned() {
        this.signed = false;
        return this;
    }

    public SignedSpi logId(String logId) {
        this.logId = logId;
        return this;
    }

    public String logId() {
        return logId;
    }

    /** Sends one more header (e.g. a W3C {@code traceparent}). */
    public SignedSpi header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Response post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    public Response post(String path, byte[] body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (clientKey != null) {
            parameters.put("client_key", clientKey);
        }
        parameters.putIfAbsent("timestamp", String.valueOf(System.currentTimeMillis()));
        parameters.putAll(query);
        RequestSpecification request = given()
                .urlEncodingEnabled(false)
                .header("X-Bytedance-Logid", logId)
                .header("x-life-clientkey", CLIENT_KEY)
                .contentType("application/json")
                .body(body);
        parameters.forEach(request::queryParam);
        headers.forEach(request::header);
        if (signed) {
            request.header(signHeaderName, signOverride != null ? signOverride : sign("SHA-256", secret, parameters, body));
        }
        return request.post(path);
    }

    /** PROTOCOL.md section 3: secret, sorted query without sign, http_body; lowercase hex. */
    public static String sign(String algorithm, String secret, Map<String, String> parameters, byte[] body) {
        StringBuilder text = new StringBuilder(secret);
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (!name.equals("sign")) {
                text.append('&').append(name).append('=').append(value);
            }
        });
        text.append("&http_body=");
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
