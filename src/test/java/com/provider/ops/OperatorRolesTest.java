package com.provider.ops;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.provider.support.Operator.AUDITOR;
import static com.provider.support.Operator.AUDITOR_PASSWORD;
import static com.provider.support.Operator.CONFIGURED_VIEWER;
import static com.provider.support.Operator.VIEWER;
import static com.provider.support.Operator.VIEWER_PASSWORD;
import static com.provider.support.Operator.as;
import static com.provider.support.Operator.operator;
import static com.provider.support.PendingAudits.pendingAudit;
import static org.hamcrest.Matchers.equalTo;

/**
 * Operators are people with roles: a viewer reads the operator API and is refused (403) every decision and repair;
 * an auditor does both, and the decision records the auditor's name. ADMIN_USER is an auditor; accounts come from
 * the users file (vera, audrey) and from configuration (viewer).
 */
@QuarkusTest
class OperatorRolesTest {

    @Test
    void aViewerReadsButCannotDecideAndAnAuditorsDecisionCarriesTheirName() {
        String cancelId = pendingAudit();
        String path = "/api/hotel/cancellations/" + cancelId;

        as(VIEWER, VIEWER_PASSWORD).get(path).then().statusCode(200).body("status", equalTo("PENDING_AUDIT"));
        as(CONFIGURED_VIEWER, VIEWER_PASSWORD).get(path).then().statusCode(200);
        as(VIEWER, VIEWER_PASSWORD).contentType("application/json").body("{\"result\":\"agree\"}")
                .post(path + "/audit").then().statusCode(403);
        as(VIEWER, VIEWER_PASSWORD).contentType("application/json").post(path + "/audit/redeliver")
                .then().statusCode(403);
        as(VIEWER, VIEWER_PASSWORD).contentType("application/json").post("/api/after-sales/sync-jobs/1/requeue")
                .then().statusCode(403);
        as(VIEWER, VIEWER_PASSWORD).contentType("application/json").body("{\"order_id\":\"o-1\"}")
                .post("/api/after-sales/sync").then().statusCode(403);
        operator().get(path).then().body("status", equalTo("PENDING_AUDIT"));

        as(AUDITOR, AUDITOR_PASSWORD).contentType("application/json")
                .body("{\"result\":\"reject\",\"reason\":\"room already used\"}").post(path + "/audit")
                .then().statusCode(202)
                .body("status", equalTo("REJECTED"))
                .body("audit.decided_by", equalTo(AUDITOR))
                .body("history[-1].actor", equalTo(AUDITOR));
    }

    @Test
    void adminUserIsAnAuditor() {
        String cancelId = pendingAudit();
        operator().contentType("application/json").body("{\"result\":\"agree\"}")
                .post("/api/hotel/cancellations/" + cancelId + "/audit")
                .then().statusCode(202).body("audit.decided_by", equalTo("operator"));
    }

    @Test
    void aWrongPasswordOrUnknownNameIsAskedToLogIn() {
        as(VIEWER, AUDITOR_PASSWORD).get("/api/callbacks").then().statusCode(401);
        as("nobody", VIEWER_PASSWORD).get("/api/callbacks").then().statusCode(401);
    }
}
