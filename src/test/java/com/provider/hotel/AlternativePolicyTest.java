package com.provider.hotel;

import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.minimal;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.hamcrest.Matchers.equalTo;

/** The configurable parts: a rejecting policy, the legacy MD5 sign parameter, an opt-in timestamp window. */
@QuarkusTest
@TestProfile(AlternativePolicyTest.Configured.class)
class AlternativePolicyTest {

    public static class Configured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hotel.cancel-policy.refund-type.\"22\"", "reject",
                    "hotel.cancel-policy.reject-reason", "Partial refunds outside the rules are not accepted",
                    "hotel.cancel-policy.other-refund-types", "agree",
                    "douyin.spi.legacy-sign-enabled", "true",
                    "douyin.spi.timestamp-tolerance", "5M");
        }
    }

    @Test
    void aConfiguredRejectionAnswersResultTwoWithTheReason() {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), cancelId, true, 22))
                .then().statusCode(200)
                .body("data.error_code", equalTo(0))
                .body("data.cancel_mode", equalTo(1))
                .body("data.cancel_result", equalTo(2))
                .body("data.reason", equalTo("Partial refunds outside the rules are not accepted"));
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("REJECTED"))
                .body("decision.reason", equalTo("Partial refunds outside the rules are not accepted"));
    }

    @Test
    void unlistedRefundTypesFollowTheConfiguredDefault() {
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), uniqueId("cancel"), true, 31))
                .then().body("data.cancel_mode", equalTo(1)).body("data.cancel_result", equalTo(1));
    }

    @Test
    void theLegacyMd5SignIsAcceptedWhenConfiguredAndTheHeaderIsAbsent() {
        String now = String.valueOf(System.currentTimeMillis());
        String body = minimal("o", uniqueId("cancel"));
        String md5 = SignedSpi.sign("MD5", SignedSpi.SECRET,
                Map.of("client_key", SignedSpi.CLIENT_KEY, "timestamp", now), body.getBytes(StandardCharsets.UTF_8));
        SignedSpi.call().unsigned().query("timestamp", now).query("sign", md5).post(HOTEL_CANCEL_ORDER, body)
                .then().statusCode(200).body("data.error_code", equalTo(0));
        SignedSpi.call().unsigned().query("timestamp", now).query("sign", "0".repeat(32))
                .post(HOTEL_CANCEL_ORDER, minimal("o", uniqueId("cancel")))
                .then().statusCode(401).body("data.error_code", equalTo(40100));
    }

    @Test
    void aTimestampOutsideTheWindowIsRefused() {
        String anHourAgo = String.valueOf(System.currentTimeMillis() - 3_600_000);
        SignedSpi.call().query("timestamp", anHourAgo).post(HOTEL_CANCEL_ORDER, minimal("o", uniqueId("cancel")))
                .then().statusCode(401).body("data.description", equalTo("timestamp is outside the accepted window"));
    }
}
