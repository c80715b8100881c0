package com.provider.common.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import java.time.Duration;

/**
 * Started once the schema is migrated (Flyway runs before the HTTP server opens, and a failed migration
 * stops start-up) and readable through the reactive pool: Kubernetes holds liveness and readiness until then.
 */
@Startup
@ApplicationScoped
public class SchemaStartupCheck implements AsyncHealthCheck {

    private static final String CURRENT_VERSION =
            "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1";

    private final Pool pool;

    public SchemaStartupCheck(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query(CURRENT_VERSION).execute()
                .ifNoItem().after(Duration.ofSeconds(1)).fail()
                .map(rows -> {
                    Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
                    return HealthCheckResponse.named("database schema")
                            .status(row != null)
                            .withData("version", row == null ? "none" : row.getString("version"))
                            .build();
                })
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("database schema").down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }
}
