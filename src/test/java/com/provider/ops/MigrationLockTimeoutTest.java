package com.provider.ops;

import com.provider.support.Background;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static com.provider.support.TestDatabase.connection;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A migration that needs a table lock while a long transaction holds the table gives up after Flyway's
 * {@code lock_timeout} (5 s) instead of waiting: a queued ALTER would hold every callback's statement on that
 * table behind it. The migration runs with the service's own Flyway configuration (its init SQL included),
 * from a test-only location and history table.
 */
@QuarkusTest
class MigrationLockTimeoutTest {

    @Inject
    Flyway flyway;

    @Test
    void aMigrationWaitingForABusyTableGivesUpAfterTheLockTimeout() throws Exception {
        var config = ConfigProvider.getConfig();
        Flyway needsALock = Flyway.configure()
                .configuration(flyway.getConfiguration())
                // A connection of its own (the JDBC pool's idle one may have been closed by another test's outage).
                .dataSource(config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                        config.getOptionalValue("quarkus.datasource.password", String.class).orElse("postgres"))
                // Quarkus hands Flyway the migrations it found at build time; this one scans its own location.
                .resourceProvider(null)
                .javaMigrationClassProvider(null)
                .locations("classpath:db/lock-timeout-check")
                .table("lock_timeout_check_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        try (Connection reader = connection(); Statement sql = reader.createStatement()) {
            reader.setAutoCommit(false);
            sql.execute("LOCK TABLE spi_inbox IN ACCESS SHARE MODE"); // what any long-running reader holds
            try {
                long started = System.nanoTime();
                CompletableFuture<?> migration = Background.run(needsALock::migrate);
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> migration.get(20, TimeUnit.SECONDS),
                        "the migration must fail while the table is busy, not wait for it");
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertInstanceOf(FlywayException.class, failed.getCause());
                assertTrue(String.valueOf(failed.getCause().getMessage()).contains("lock timeout"),
                        failed.getCause().getMessage());
                assertTrue(tookMillis >= 4_000 && tookMillis < 15_000, "gave up after " + tookMillis + " ms");
            } finally {
                reader.rollback();
            }
        } finally {
            try (Connection admin = connection(); Statement sql = admin.createStatement()) {
                sql.execute("DROP TABLE IF EXISTS lock_timeout_check_history");
                sql.execute("ALTER TABLE spi_inbox DROP COLUMN IF EXISTS lock_timeout_check");
            }
        }
    }
}
