package com.provider.common;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static com.provider.support.TestDatabase.connection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * V6 moves the refund nights of existing cancellations into their row: a database at V5 with nights in the
 * old table is migrated, in a schema of its own, and every night must arrive in order and exact.
 */
@QuarkusTest
class RefundNightsMigrationTest {

    private static final String SCHEMA = "v6_backfill";

    @Test
    void nightsOfExistingCancellationsMoveIntoTheirRowInOrderAndExact() throws Exception {
        try (Connection db = connection(); Statement sql = db.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        migrate("5");
        try (Connection db = connection(); Statement sql = db.createStatement()) {
            sql.execute("SET search_path TO " + SCHEMA);
            for (String cancelId : new String[] {"with-nights", "without-nights"}) {
                sql.execute("INSERT INTO hotel_cancellation (cancel_id, order_id, cancel_type, biz_type, after_sale_type,"
                        + " refund_type, status, decided_status, answer_cancel_mode, decision_rule, client_key, body_sha256)"
                        + " VALUES ('" + cancelId + "', 'o-1', 2, 2021, 1, 11, 'CANCELLED', 'CANCELLED', 1, 'r', 'k', '\\x00')");
            }
            // Inserted out of order: the line number decides the order.
            sql.execute("INSERT INTO hotel_cancellation_night (cancel_id, line_no, rate_plan_id, daily_refund_amount,"
                    + " period_start_date, period_end_date, period_start_time, period_end_time) VALUES"
                    + " ('with-nights', 2, 'rp-2', 9223372036854775807, '2025-11-28', '2025-11-29', '15:00', NULL),"
                    + " ('with-nights', 1, 'rp-1', 12900, '2025-11-27', '2025-11-28', NULL, NULL)");
        }

        migrate(null);

        try (Connection db = connection(); Statement sql = db.createStatement()) {
            sql.execute("SET search_path TO " + SCHEMA);
            try (ResultSet rows = sql.executeQuery("SELECT cancel_id, refund_nights::text FROM hotel_cancellation"
                    + " ORDER BY cancel_id")) {
                rows.next();
                assertEquals("with-nights", rows.getString(1));
                assertEquals("[{\"rate_plan_id\" : \"rp-1\", \"daily_refund_amount\" : 12900, "
                        + "\"period_start_date\" : \"2025-11-27\", \"period_end_date\" : \"2025-11-28\", "
                        + "\"period_start_time\" : null, \"period_end_time\" : null}, "
                        + "{\"rate_plan_id\" : \"rp-2\", \"daily_refund_amount\" : 9223372036854775807, "
                        + "\"period_start_date\" : \"2025-11-28\", \"period_end_date\" : \"2025-11-29\", "
                        + "\"period_start_time\" : \"15:00\", \"period_end_time\" : null}]", rows.getString(2));
                rows.next();
                assertEquals("without-nights", rows.getString(1));
                assertEquals("[]", rows.getString(2));
            }
            try (ResultSet rows = sql.executeQuery("SELECT to_regclass('" + SCHEMA + ".hotel_cancellation_night')")) {
                rows.next();
                assertEquals(null, rows.getString(1), "the old table is gone");
            }
        } finally {
            try (Connection db = connection(); Statement sql = db.createStatement()) {
                sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }

    private static void migrate(String target) {
        var config = ConfigProvider.getConfig();
        var flyway = Flyway.configure()
                .dataSource(config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                        config.getOptionalValue("quarkus.datasource.password", String.class).orElse("postgres"))
                .schemas(SCHEMA)
                .locations("classpath:db/migration");
        if (target != null) {
            flyway.target(target);
        }
        assertFalse(flyway.load().migrate().migrations.isEmpty());
    }
}
