package com.provider.douyin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provider.douyin.spi.SpiSignature;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's signature code against every worked example of signature-vectors.json (PROTOCOL.md section 3). */
class SignatureVectorsTest {

    static JsonNode vectors() throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/douyin/signature-vectors.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    static SortedMap<String, String> query(JsonNode vector) {
        SortedMap<String, String> query = new TreeMap<>();
        vector.get("query").fields().forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
        return query;
    }

    @TestFactory
    List<DynamicTest> everyVectorGivesBothDigests() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : vectors()) {
            tests.add(DynamicTest.dynamicTest(vector.get("name").asText(), () -> {
                String secret = vector.get("client_secret").asText();
                byte[] body = vector.get("body").asText().getBytes(StandardCharsets.UTF_8);
                assertEquals(vector.get("x_life_sign_sha256_hex").asText(),
                        SpiSignature.hex(SpiSignature.Algorithm.SHA256, secret, query(vector), body));
                assertEquals(vector.get("old_sign_md5_hex").asText(),
                        SpiSignature.hex(SpiSignature.Algorithm.MD5, secret, query(vector), body));
                byte[] expected = SpiSignature.digest(SpiSignature.Algorithm.SHA256, secret, query(vector), body);
                assertTrue(SpiSignature.matches(expected, vector.get("x_life_sign_sha256_hex").asText().toUpperCase()));
                assertFalse(SpiSignature.matches(expected, vector.get("old_sign_md5_hex").asText()));
                assertFalse(SpiSignature.matches(expected, "not-hex"));
            }));
        }
        return tests;
    }
}
