package com.provider.douyin;

import com.fasterxml.jackson.databind.JsonNode;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.provider.support.CancelOrderBodies.minimal;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Signature checks as Douyin meets them over HTTP: the worked vectors pass, every forgery gets 401 and stores nothing. */
@QuarkusTest
class SpiSignatureHttpTest {

    /** Each vector sent exactly as given (query, raw body, header) is accepted: the answer is never 401. */
    @TestFactory
    List<DynamicTest> everySignatureVectorIsAccepted() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : SignatureVectorsTest.vectors()) {
            tests.add(DynamicTest.dynamicTest(vector.get("name").asText(), () -> {
                RequestSpecification request = given().urlEncodingEnabled(false)
                        .header("x-life-sign", vector.get("x_life_sign_sha256_hex").asText())
                        .contentType("application/json")
                        .body(vector.get("body").asText().getBytes(StandardCharsets.UTF_8));
                SignatureVectorsTest.query(vector).forEach(request::queryParam);
                request.post(HOTEL_CANCEL_ORDER).then()
                        .statusCode(not(equalTo(401)))
                        .body("data.error_code", not(equalTo(40100)));
            }));
        }
        return tests;
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefused() {
        assertRefusedAndNotStored(SignedSpi.call().secret("not-the-secret"), "x-life-sign does not match");
    }

    @Test
    void aSignatureOverAnotherBodyIsRefused() {
        String forged = SignedSpi.sign("SHA-256", SignedSpi.SECRET,
                Map.of("client_key", SignedSpi.CLIENT_KEY, "timestamp", "1"), "{}".getBytes(StandardCharsets.UTF_8));
        assertRefusedAndNotStored(SignedSpi.call().query("timestamp", "1").signature(forged), "does not match");
    }

    @Test
    void aChangedQueryParameterBreaksTheSignature() {
        String cancelId = uniqueId("cancel");
        String body = minimal("o", cancelId);
        String signedForTimestamp1 = SignedSpi.sign("SHA-256", SignedSpi.SECRET,
                Map.of("client_key", SignedSpi.CLIENT_KEY, "timestamp", "1"), body.getBytes(StandardCharsets.UTF_8));
        SignedSpi.call().query("timestamp", "2").signature(signedForTimestamp1).post(HOTEL_CANCEL_ORDER, body)
                .then().statusCode(401);
        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(404);
    }

    @Test
    void aMissingSignatureIsRefused() {
        assertRefusedAndNotStored(SignedSpi.call().unsigned(), "x-life-sign header is missing");
    }

    @Test
    void theLegacySignParameterIsNotAcceptedUnlessConfigured() {
        String cancelId = uniqueId("cancel");
        String body = minimal("o", cancelId);
        String md5 = SignedSpi.sign("MD5", SignedSpi.SECRET,
                Map.of("client_key", SignedSpi.CLIENT_KEY, "timestamp", "7"), body.getBytes(StandardCharsets.UTF_8));
        SignedSpi.call().unsigned().query("timestamp", "7").query("sign", md5).post(HOTEL_CANCEL_ORDER, body)
                .then().statusCode(401).body("data.error_code", equalTo(40100));
        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(404);
    }

    @Test
    void anUnknownClientKeyIsRefused() {
        assertRefusedAndNotStored(SignedSpi.call().clientKey("awx-unknown"), "unknown client_key");
    }

    @Test
    void aMissingClientKeyIsRefused() {
        assertRefusedAndNotStored(SignedSpi.call().clientKey(null), "client_key is missing");
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().signHeaderName("X-Life-Sign").post(HOTEL_CANCEL_ORDER, minimal("o", cancelId))
                .then().statusCode(200).body("data.error_code", equalTo(0));
        SignedSpi.call().signHeaderName("X-LIFE-SIGN").post(HOTEL_CANCEL_ORDER, minimal("o", uniqueId("cancel")))
                .then().statusCode(200).body("data.error_code", equalTo(0));
    }

    @Test
    void theSecretBeingRotatedOutIsStillAccepted() {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().secret(SignedSpi.PREVIOUS_SECRET).post(HOTEL_CANCEL_ORDER, minimal("o", cancelId))
                .then().statusCode(200).body("data.error_code", equalTo(0));
        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200);
    }

    @Test
    void aSecondAppIsFoundByTheUrlClientKeyNotTheHeader() {
        String cancelId = uniqueId("cancel");
        // The scenic app's key in the URL, the primary app's key in x-life-clientkey (as after a platform move).
        SignedSpi.call().clientKey("awxSCENIC").secret("s3cr3t-\u0394").post(HOTEL_CANCEL_ORDER, minimal("o", cancelId))
                .then().statusCode(200).body("data.error_code", equalTo(0));
        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200)
                .body("client_key", equalTo("awxSCENIC"));
    }

    private static void assertRefusedAndNotStored(SignedSpi call, String reason) {
        String cancelId = uniqueId("cancel");
        call.post(HOTEL_CANCEL_ORDER, minimal("o", cancelId)).then()
                .statusCode(401).contentType("application/json")
                .body("data.error_code", equalTo(40100))
                .body("data.description", containsString(reason));
        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(404);
        operator().queryParam("log_id", call.logId()).get("/api/callbacks").then().body("total", equalTo(0));
    }
}
