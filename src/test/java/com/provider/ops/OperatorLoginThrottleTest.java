package com.provider.ops;

import com.provider.support.Operator;
import com.provider.support.SmallLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.provider.support.Eventually.within;
import static com.provider.support.Operator.operator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Guessing the operator's password is slowed down: after 3 failed logins from one address within 10 s
 * ({@link SmallLimits}), that address is answered 429 with Retry-After for 2 s, even with the right password;
 * afterwards the right password works again.
 */
@QuarkusTest
@TestProfile(SmallLimits.class)
class OperatorLoginThrottleTest {

    private static final String LIST = "/api/hotel/cancellations";

    @Test
    void repeatedFailedLoginsAreRefusedForAWhileEvenWithTheRightPassword() throws InterruptedException {
        operator().get(LIST).then().statusCode(200);
        // Requests without credentials are not failed logins: a browser asks first, then sends them.
        for (int i = 0; i < SmallLimits.LOGIN_FAILURES + 2; i++) {
            given().get(LIST).then().statusCode(401);
        }
        operator().get(LIST).then().statusCode(200);

        for (int i = 0; i < SmallLimits.LOGIN_FAILURES; i++) {
            wrongPassword().then().statusCode(401);
        }
        operator().get(LIST).then().statusCode(429)
                .header("Retry-After", notNullValue())
                .contentType("application/json")
                .body("status", equalTo(429))
                .body("message", containsString("failed logins"));
        wrongPassword().then().statusCode(429);

        within(Duration.ofSeconds(SmallLimits.LOGIN_BLOCK_SECONDS + 3), () -> operator().get(LIST).then().statusCode(200));
    }

    private static io.restassured.response.Response wrongPassword() {
        return given().auth().preemptive().basic(Operator.USER, "not-the-password").get(LIST);
    }
}
