package com.provider.common.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Ready only while the database answers through the reactive pool, the one every callback uses.
 * (The JDBC pool serves migrations only, so its own check is turned off: a stale idle connection there
 * says nothing about whether callbacks can be stored.)
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    private static final Duration PATIENCE = Duration.ofSeconds(1);

    private final Pool pool;

    public DatabaseReadinessCheck(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(PATIENCE).fail()
                .map(rows -> HealthCheckResponse.named("PostgreSQL").up().build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("PostgreSQL").down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }
}
