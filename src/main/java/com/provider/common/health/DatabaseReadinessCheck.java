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

/**
 * Ready while PostgreSQL answers, and nothing else: {@code SELECT 1} within 1 s on the probe connection, which
 * has the settings of the pool callbacks are stored with ({@link DatabaseProbe}). Nothing outbound counts: the
 * SPI needs only PostgreSQL. The answer says only UP or DOWN; why it is down goes to the log (at a bounded
 * rate), never into the probe's body, which anyone who reaches the management port can read.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "PostgreSQL";
    private static final Duration PATIENCE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(DatabaseReadinessCheck.class);

    private final Pool probe;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, "readiness failure", 1);

    public DatabaseReadinessCheck(@DatabaseProbe Pool probe) {
        this.probe = probe;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.query("SELECT 1").execute()
                .ifNoItem().after(PATIENCE).fail()
                .map(rows -> HealthCheckResponse.up(NAME))
                .onFailure().recoverWithItem(failure -> {
                    failures.warnf("not ready: PostgreSQL did not answer SELECT 1: %s", failure);
                    return HealthCheckResponse.named(NAME).down().withData("reason", "no answer from PostgreSQL").build();
                });
    }
}
