package com.provider.common.health;

import com.provider.common.logging.RateLimitedLog;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Ready while PostgreSQL answers, and nothing else: {@code SELECT 1} within 1 s on the probe connection, which
 * has the settings of the pool callbacks are stored with ({@link DatabaseProbe}). Nothing outbound counts: the
 * SPI needs only PostgreSQL. Until the schema was once seen at the version this build needs ({@link SchemaVersion}),
 * the probe reads the version instead, and an older schema (its migrations not run yet) is not ready. The answer
 * says only UP or DOWN with fixed words; why it is down goes to the log (at a bounded rate), never into the
 * probe's body, which anyone who reaches the management port can read.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "PostgreSQL";
    static final String NO_ANSWER = "no answer from PostgreSQL";
    static final String SCHEMA_TOO_OLD = "database schema older than this build needs";
    private static final Duration PATIENCE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(DatabaseReadinessCheck.class);

    private final Pool probe;
    private final SchemaVersion schema;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, "readiness failure", 1);

    public DatabaseReadinessCheck(@DatabaseProbe Pool probe, SchemaVersion schema) {
        this.probe = probe;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!schema.seenCurrent()) {
            return schema.read().map(this::schemaAnswer).onFailure().recoverWithItem(this::schemaFailure);
        }
        return probe.query("SELECT 1").execute()
                .ifNoItem().after(PATIENCE).fail()
                .map(rows -> HealthCheckResponse.up(NAME))
                .onFailure().recoverWithItem(failure -> {
                    failures.warnf("not ready: PostgreSQL did not answer SELECT 1: %s", failure);
                    return down(NO_ANSWER);
                });
    }

    private HealthCheckResponse schemaAnswer(OptionalInt version) {
        if (schema.seenCurrent()) {
            return HealthCheckResponse.up(NAME);
        }
        failures.warnf("not ready: the database schema is at version %s, this build needs version %d: its migrations"
                + " have not run (the Kubernetes Job aftersale-flyway-init runs them, as does a start with"
                + " quarkus.flyway.migrate-at-start=true)", version.isPresent() ? version.getAsInt() : "none",
                SchemaVersion.REQUIRED);
        return down(SCHEMA_TOO_OLD);
    }

    private HealthCheckResponse schemaFailure(Throwable failure) {
        failures.warnf("not ready: PostgreSQL did not answer the schema version query: %s", failure);
        return down(NO_ANSWER);
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }
}
