package com.provider.common.db;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The reactive pool, as Quarkus configures it, but with every statement the service sends kept prepared.
 * The Vert.x client caches prepared statements only up to 2,048 characters of SQL by default, and the
 * group-commit statement of a cancel-order delivery is longer: it was parsed, analysed and planned again
 * on every execution (the JFR profile showed the client sending Parse each time). Quarkus has no setting
 * for the limit, so the pool creator raises it. What Quarkus computed (pool size, SSL, pipelining, the cache
 * switch) arrives in {@link Input} and is kept; one thing is not: with a {@code credentials-provider}
 * configured, Quarkus' own pool fetches credentials again on every connect. None is configured here; add a
 * connect-options supplier before configuring one.
 */
@Singleton
public class PreparedStatementCachePoolCreator implements PgPoolCreator {

    /** Longer than any statement in the service (the longest is under 3,000 characters). */
    static final int STATEMENT_CACHE_SQL_LIMIT = 16_384;

    @Override
    public Pool create(Input input) {
        List<SqlConnectOptions> servers = new ArrayList<>();
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            servers.add(options.setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT));
        }
        return PgBuilder.pool()
                .with(input.poolOptions())
                .connectingTo(servers)
                .using(input.vertx())
                .build();
    }
}
