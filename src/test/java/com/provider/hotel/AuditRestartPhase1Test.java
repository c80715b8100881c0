package com.provider.hotel;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.provider.hotel.CancellationAuditTest.decide;
import static com.provider.hotel.CancellationAuditTest.pendingCancellation;
import static com.provider.support.Operator.operator;
import static org.hamcrest.Matchers.equalTo;

/**
 * A restart between decision and delivery loses nothing, part 1 of 2: this app stores a decision while its
 * delivery is held, then stops. {@link AuditRestartPhase2Test} (next: Quarkus runs profiles in name order)
 * starts a new app on the same database directory and must deliver it. The decided cancel_id is handed
 * over in a file, like the database, outside both apps' memory.
 */
@QuarkusTest
@TestProfile(AuditRestartPhase1Test.Phase1.class)
class AuditRestartPhase1Test {

    static final String DATA_DIR = "target/audit-restart-pg";
    static final Path HANDOVER = Path.of("target", "audit-restart-cancel-id.txt");

    public static class Phase1 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.embedded.postgresql.data.dir", DATA_DIR,
                    "hotel.audit.delivery.enabled", "false");
        }
    }

    @Test
    void aDecisionIsStoredAndTheAppStopsBeforeDeliveringIt() throws Exception {
        String cancelId = pendingCancellation();
        decide(cancelId, "{\"result\":\"reject\",\"reason\":\"restart drill\"}").then().statusCode(202);
        operator().get("/api/hotel/cancellations/" + cancelId).then()
                .body("status", equalTo("REJECTED"))
                .body("audit.delivery_status", equalTo("PENDING"))
                .body("audit.attempts", equalTo(0));
        Files.writeString(HANDOVER, cancelId);
    }
}
