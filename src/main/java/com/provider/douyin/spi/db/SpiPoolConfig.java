package com.provider.douyin.spi.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Limits of the SPI's own pool, beside its size ({@code quarkus.datasource."spi".reactive.max-size}, from
 * {@code DB_POOL_SIZE}).
 */
@ConfigMapping(prefix = "aftersale.db.spi")
public interface SpiPoolConfig {

    /**
     * Callbacks that may wait for a free connection; one more is refused at once, and so answered error_code 100
     * at once instead of after the whole durability budget.
     */
    @WithDefault("128")
    int maxWaitQueue();

    /**
     * PostgreSQL's {@code statement_timeout} on every connection of the pool: a statement still running after
     * this is cancelled by the server, so a statement whose caller was already answered 100 does not keep
     * its connection and locks. Default: 90 % of {@code douyin.spi.durability-timeout}.
     */
    Optional<Duration> statementTimeout();
}
