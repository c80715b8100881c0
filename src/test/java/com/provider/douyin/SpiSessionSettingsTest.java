package com.provider.douyin;

import com.provider.douyin.spi.db.SpiDatabase;
import com.provider.douyin.spi.db.SpiPoolCreator;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The settings every connection of the SPI's pool runs with, as PostgreSQL reports them for the session. Without
 * "jit off", a group statement of scenic notices was compiled by LLVM for about a second on every execution
 * (bench/RESULTS.md): the benchmark shows the cost; this shows the setting is where the statements run.
 */
@QuarkusTest
class SpiSessionSettingsTest {

    @Inject
    @ReactiveDataSource(SpiDatabase.NAME)
    Pool spi;

    @Test
    void theSpiPoolsSessionsRunWithoutJitWithTheirTimeoutAndName() {
        Row row = spi.query("SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS timeout,"
                        + " current_setting('application_name') AS name")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next();

        assertEquals("off", row.getString("jit"));
        assertEquals("1800ms", row.getString("timeout"), "90 % of the 2 s durability budget");
        assertEquals(SpiPoolCreator.APPLICATION_NAME, row.getString("name"));
    }
}
