package com.provider.common.health;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The schema version of the database, as Flyway recorded it, and the one this build needs. Pods of the Kubernetes
 * manifest do not migrate (a Job runs the migrations, README "Deploy"), so a pod may meet a schema older than its
 * code: it must not take callbacks then. One small query on the probe connection ({@link DatabaseProbe}) answers
 * it; once the schema was seen current it stays so (migrations only move forward), and the probes ask no more.
 */
@ApplicationScoped
public class SchemaVersion {

    /** The last migration of this build (src/main/resources/db/migration); SchemaVersionTest keeps the two in step. */
    public static final int REQUIRED = 21;

    /** PostgreSQL's undefined_table: no flyway_schema_history, nothing was ever migrated. */
    private static final String UNDEFINED_TABLE = "42P01";
    private static final Duration PATIENCE = Duration.ofSeconds(1);
    private static final String CURRENT =
            "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                    + " ORDER BY installed_rank DESC LIMIT 1";

    private final Pool probe;
    private volatile boolean seenCurrent;

    public SchemaVersion(@DatabaseProbe Pool probe) {
        this.probe = probe;
    }

    /** True once the database was seen at {@link #REQUIRED} or later. */
    public boolean seenCurrent() {
        return seenCurrent;
    }

    /**
     * The version of the last migration applied, empty when none was (an empty database has no history table
     * either); fails when PostgreSQL does not answer within 1 s.
     */
    public Uni<OptionalInt> read() {
        return probe.query(CURRENT).execute()
                .ifNoItem().after(PATIENCE).fail()
                .map(rows -> {
                    RowIterator<Row> row = rows.iterator();
                    return row.hasNext() ? OptionalInt.of(Integer.parseInt(row.next().getString("version")))
                            : OptionalInt.empty();
                })
                .onFailure(SchemaVersion::noHistoryTable).recoverWithItem(OptionalInt.empty())
                .invoke(version -> {
                    if (version.isPresent() && version.getAsInt() >= REQUIRED) {
                        seenCurrent = true;
                    }
                });
    }

    private static boolean noHistoryTable(Throwable failure) {
        return failure instanceof PgException pg && UNDEFINED_TABLE.equals(pg.getSqlState());
    }
}
