package com.provider.common.db;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default reactive pool (background work: sync jobs, the decision outbox, the token, operator reads), as
 * Quarkus configures it, but with every statement the service sends kept prepared. The Vert.x client caches
 * prepared statements only up to 2,048 characters of SQL by default, and the group-commit statement of a
 * cancel-order delivery is longer: it was parsed, analysed and planned again on every execution (the JFR
 * profile showed the client sending Parse each time). Quarkus has no setting for the limit, so the pool
 * creators raise it ({@link #build}, used by the SPI's pool too). What Quarkus computed (pool size, SSL,
 * pipelining, the cache switch) arrives in {@link Input} and is kept; one thing is not: with a
 * {@code credentials-provider} configured, Quarkus' own pool fetches credentials again on every connect. None
 * is configured here; add a connect-options supplier before configuring one.
 */
@Singleton
public class PreparedStatementCachePoolCreator implements PgPoolCreator {

    /** Longer than any statement in the service (the longest is under 3,000 characters). */
    static final int STATEMENT_CACHE_SQL_LIMIT = 16_384;

    @Override
    public Pool create(Input input) {
        return build(input.vertx(), input.poolOptions(), connectOptions(input, Map.of("application_name", "aftersale")));
    }

    /**
     * Quarkus' connect options with the statement-cache limit raised and {@code sessionSettings} (PostgreSQL
     * run-time parameters such as {@code statement_timeout}, or {@code application_name}, which names the pool
     * in {@code pg_stat_activity}) sent in the start-up packet of every connection.
     */
    public static List<SqlConnectOptions> connectOptions(Input input, Map<String, String> sessionSettings) {
        List<SqlConnectOptions> servers = new ArrayList<>();
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            PgConnectOptions copy = new PgConnectOptions(options).setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT);
            sessionSettings.forEach(copy::addProperty);
            servers.add(copy);
        }
        return servers;
    }

    public static Pool build(Vertx vertx, PoolOptions poolOptions, List<SqlConnectOptions> servers) {
        return PgBuilder.pool().with(poolOptions).connectingTo(servers).using(vertx).build();
    }
}
