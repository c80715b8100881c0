package com.provider.douyin.spi.db;

import com.provider.common.db.PreparedStatementCachePoolCreator;
import com.provider.common.health.DatabaseProbe;
import com.provider.douyin.config.DouyinConfig;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Builds the SPI's pool from what Quarkus configured for the {@code spi} datasource, plus three limits that
 * keep database trouble from turning into unanswered callbacks:
 * <ul>
 * <li>PostgreSQL's {@code statement_timeout}, just under the durability budget, on every connection, so a
 * statement whose caller was already answered 100 does not keep its connection and locks;</li>
 * <li>no JIT compilation ({@code jit} off): the group statements' planned costs are inflated by
 * {@code json_to_recordset}'s guess of 100 rows per call, and past {@code jit_above_cost} PostgreSQL compiled a
 * 3 ms statement for a whole second on every execution (the scenic notices' group statement: 18 notices/s instead
 * of thousands, bench/RESULTS.md); these statements are short and never gain from it;</li>
 * <li>a bounded wait queue for connections ({@link SpiPoolConfig#maxWaitQueue()}): one more callback is
 * answered 100 at once;</li>
 * <li>the prepared-statement cache limit raised, as for the default pool.</li>
 * </ul>
 * Beside it, a one-connection probe pool with the same connection settings serves the readiness and start-up
 * checks ({@link DatabaseProbe}): "PostgreSQL answers" must not depend on a free slot in a pool that is full
 * of callbacks waiting for a locked table.
 */
@Singleton
@ReactiveDataSource(SpiDatabase.NAME)
public class SpiPoolCreator implements PgPoolCreator {

    /** How the pool's connections appear in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "aftersale-spi";

    private final int maxWaitQueue;
    private final Duration statementTimeout;
    private Vertx vertx;
    private List<SqlConnectOptions> servers;
    private Pool probe;

    public SpiPoolCreator(SpiPoolConfig config, DouyinConfig douyin) {
        this.maxWaitQueue = config.maxWaitQueue();
        this.statementTimeout = config.statementTimeout()
                .orElse(douyin.spi().durabilityTimeout().multipliedBy(9).dividedBy(10));
    }

    @Override
    public synchronized Pool create(Input input) {
        vertx = input.vertx();
        servers = PreparedStatementCachePoolCreator.connectOptions(input, Map.of(
                "statement_timeout", String.valueOf(statementTimeout.toMillis()),
                "jit", "off",
                "application_name", APPLICATION_NAME));
        return PreparedStatementCachePoolCreator.build(vertx,
                new PoolOptions(input.poolOptions()).setMaxWaitQueueSize(maxWaitQueue), servers);
    }

    /** The SPI pool is built at start, not by the first callback, which has only Douyin's 3 s to spend. */
    void atStart(@Observes StartupEvent start, @ReactiveDataSource(SpiDatabase.NAME) io.vertx.mutiny.sqlclient.Pool spi) {
        spi.getDelegate();
    }

    @Produces
    @ApplicationScoped
    @DatabaseProbe
    io.vertx.mutiny.sqlclient.Pool probe(@ReactiveDataSource(SpiDatabase.NAME) io.vertx.mutiny.sqlclient.Pool spi) {
        spi.getDelegate(); // its settings are captured when it is built
        synchronized (this) {
            if (servers == null) {
                throw new IllegalStateException("the SPI pool was not built by " + getClass().getSimpleName());
            }
            probe = PreparedStatementCachePoolCreator.build(vertx,
                    new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(8).setName("spi-probe"), servers);
            return io.vertx.mutiny.sqlclient.Pool.newInstance(probe);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (probe != null) {
            probe.close();
        }
    }
}
