package com.provider.douyin.spi.db;

/**
 * The reactive datasource of the SPI request path ({@code quarkus.datasource."spi".*}): storing callbacks and
 * their inbox rows, and reading back a redelivery's first answer. Its connections belong to the SPI alone;
 * everything else (sync jobs, the decision outbox, the client token, operator reads) uses the default
 * datasource, so no background work can take the connections a callback needs. Inject its pool with
 * {@code @ReactiveDataSource(SpiDatabase.NAME) Pool}.
 */
public final class SpiDatabase {

    public static final String NAME = "spi";

    private SpiDatabase() {
    }
}
