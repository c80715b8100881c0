package com.provider.ops;

import com.provider.common.health.SchemaVersion;
import com.provider.support.PackagedApp;
import com.provider.support.PackagedApp.Exited;
import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.provider.support.Eventually.within;
import static com.provider.support.Management.management;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Kubernetes manifest's way to migrate (target/kubernetes/kubernetes.yml): the pods do not migrate
 * (QUARKUS_FLYWAY_ACTIVE=false); the Job aftersale-flyway-init runs the same packaged application with
 * QUARKUS_INIT_AND_EXIT=true. A pod that meets an unmigrated database is not ready, and says why; once the Job has
 * run, it is ready without a restart.
 */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@TestProfile(MigrationJobIT.PodDoesNotMigrate.class)
class MigrationJobIT {

    /** What the manifest sets in the pod's container. */
    public static class PodDoesNotMigrate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.flyway.active", "false");
        }
    }

    @Test
    void aPodOnAnUnmigratedDatabaseIsNotReadyUntilTheMigrationJobHasRun() throws Exception {
        management().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'PostgreSQL' }.data.reason",
                        equalTo("database schema older than this build needs"));
        management().get("/q/health/started").then().statusCode(503)
                .body("checks.find { it.name == 'database schema' }.data.version", equalTo("none"));

        Exited job = PackagedApp.runUntilExit(jobEnvironment(), List.of(), Duration.ofSeconds(120));
        assertEquals(0, job.exitCode(), "the migration Job:\n" + job.output());

        within(Duration.ofSeconds(10), () -> management().get("/q/health/ready").then().statusCode(200));
        management().get("/q/health/started").then().statusCode(200)
                .body("checks.find { it.name == 'database schema' }.data.version", equalTo(String.valueOf(SchemaVersion.REQUIRED)));
    }

    /** The pod's environment (the contract's variables, from the Secret and ConfigMap) plus what the Job adds. */
    private static Map<String, String> jobEnvironment() {
        Config config = ConfigProvider.getConfig();
        Map<String, String> environment = new HashMap<>();
        for (String name : List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DOUYIN_CLIENT_KEY",
                "DOUYIN_CLIENT_SECRET", "DOUYIN_ACCOUNT_ID", "ADMIN_USER", "ADMIN_PASSWORD")) {
            environment.put(name, config.getValue(name, String.class));
        }
        environment.put("HTTP_PORT", "0");
        environment.put("MANAGEMENT_PORT", "0");
        environment.put("QUARKUS_INIT_AND_EXIT", "true");
        environment.put("QUARKUS_FLYWAY_ACTIVE", "true");
        return environment;
    }
}
