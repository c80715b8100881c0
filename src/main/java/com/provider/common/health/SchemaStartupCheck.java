package com.provider.common.health;

import com.provider.common.logging.RateLimitedLog;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Started once the schema is migrated (Flyway runs before the HTTP server opens, and a failed migration
 * stops start-up) and readable through the probe connection ({@link DatabaseProbe}): Kubernetes holds
 * liveness and readiness until then. As with readiness, a failure's detail goes to the log, not the body.
 */
@Startup
@ApplicationScoped
public class SchemaStartupCheck implements AsyncHealthCheck {

    private static final String NAME = "database schema";
    private static final String CURRENT_VERSION =
            "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1";
    private static final Logger LOG = Logger.getLogger(SchemaStartupCheck.class);

    private final Pool probe;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, "start-up check failure", 1);

    public SchemaStartupCheck(@DatabaseProbe Pool probe) {
        this.probe = probe;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.query(CURRENT_VERSION).execute()
                .ifNoItem().after(Duration.ofSeconds(1)).fail()
                .map(rows -> {
                    Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
                    return HealthCheckResponse.named(NAME)
                            .status(row != null)
                            .withData("version", row == null ? "none" : row.getString("version"))
                            .build();
                })
                .onFailure().recoverWithItem(failure -> {
                    failures.warnf("not started: the schema version could not be read: %s", failure);
                    return HealthCheckResponse.named(NAME).down().withData("reason", "no answer from PostgreSQL")
                            .build();
                });
    }
}
