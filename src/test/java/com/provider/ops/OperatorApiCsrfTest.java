package com.provider.ops;

import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

import java.nio.charset.StandardCharsets;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * A browser that holds the operator's cached Basic credentials can be made, by any page, to submit a form to
 * the operator API (urlencoded, multipart or text/plain, no CORS preflight). Every POST under /api therefore
 * requires Content-Type: application/json: a form is refused with a JSON 415 and changes nothing.
 */
@QuarkusTest
class OperatorApiCsrfTest {

    /** What a cross-site form (or a request with no type at all) can send. */
    private static final String[] NOT_JSON = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "text/plain", "application/xml", null};

    @Test
    void anAuditDecisionCannotBeSubmittedAsAForm() {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), cancelId, true, 21))
                .then().statusCode(200).body("data.cancel_mode", equalTo(2));
        String path = "/api/hotel/cancellations/" + cancelId + "/audit";

        assertRefusedUnlessJson(path, "{\"result\":\"agree\"}");
        operator().get("/api/hotel/cancellations/" + cancelId).then().body("status", equalTo("PENDING_AUDIT"));

        operator().contentType("application/json; charset=UTF-8").body("{\"result\":\"agree\"}").post(path)
                .then().statusCode(202).body("status", equalTo("AGREED"));
    }

    @Test
    void aRedeliveryCannotBeSubmittedAsAForm() {
        String path = "/api/hotel/cancellations/" + uniqueId("no-such") + "/audit/redeliver";
        assertRefusedUnlessJson(path, "");
        operator().contentType("application/json").post(path).then().statusCode(404);
    }

    @Test
    void aSyncCannotBeSubmittedAsAForm() {
        String path = "/api/after-sales/sync";
        assertRefusedUnlessJson(path, "{\"certificate_id\":\"c-1\"}");
        // With JSON the request gets through to the sync itself (which refuses it: it names no order).
        operator().contentType("application/json").body("{\"certificate_id\":\"c-1\"}").post(path).then()
                .statusCode(400).body("message", containsString("order_id"));
    }

    @Test
    void aRequeueCannotBeSubmittedAsAForm() {
        String path = "/api/after-sales/sync-jobs/987654321/requeue";
        assertRefusedUnlessJson(path, "");
        operator().contentType("application/json").post(path).then().statusCode(404);
    }

    @Test
    void anAnonymousFormIsStillAskedToLogIn() {
        io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded").body("result=agree")
                .post("/api/hotel/cancellations/x/audit").then().statusCode(401);
    }

    private static void assertRefusedUnlessJson(String path, String json) {
        for (String type : NOT_JSON) {
            RequestSpecification request = operator();
            if (type == null) {
                request.body(json.getBytes(StandardCharsets.UTF_8));
            } else if (type.equals("application/x-www-form-urlencoded")) {
                request.contentType(type).formParam("result", "agree");
            } else {
                // RestAssured sends any other type as the given text, as a browser's form or fetch would.
                request.config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                                .encodeContentTypeAs(type.split(";")[0], ContentType.TEXT)))
                        .contentType(type).body(json);
            }
            request.post(path).then()
                    .statusCode(415)
                    .contentType("application/json")
                    .body("status", equalTo(415))
                    .body("message", containsString("application/json"));
        }
    }
}
