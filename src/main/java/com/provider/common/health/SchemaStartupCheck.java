package com.provider.common.health;

import com.provider.common.logging.RateLimitedLog;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.jboss.logging.Logger;

/**
 * Started once the schema's version can be read through the probe connection ({@link DatabaseProbe}): migrated
 * before the HTTP server opened (a failed migration stops start-up), or by the migration Job of the Kubernetes
 * manifest. Whether it is the version this build needs is readiness's business ({@link DatabaseReadinessCheck}):
 * a restart would not change it. As with readiness, a failure's detail goes to the log, not the body.
 */
@Startup
@ApplicationScoped
public class SchemaStartupCheck implements AsyncHealthCheck {

    private static final String NAME = "database schema";
    private static final Logger LOG = Logger.getLogger(SchemaStartupCheck.class);

    private final SchemaVersion schema;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, "start-up check failure", 1);

    public SchemaStartupCheck(SchemaVersion schema) {
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return schema.read()
                .map(version -> HealthCheckResponse.named(NAME)
                        .status(version.isPresent())
                        .withData("version", version.isPresent() ? String.valueOf(version.getAsInt()) : "none")
                        .build())
                .onFailure().recoverWithItem(failure -> {
                    failures.warnf("not started: the schema version could not be read: %s", failure);
                    return HealthCheckResponse.named(NAME).down().withData("reason", "no answer from PostgreSQL")
                            .build();
                });
    }
}
