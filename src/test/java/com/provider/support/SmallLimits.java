package com.provider.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Limits small enough for a test to reach: an SPI pool of 2 connections with 2 waiting callbacks at most, and
 * an operator login throttle of 3 failures per 10 s that blocks for 2 s, and scenic notices written each in a
 * statement of its own. Shared by the tests that need them, so
 * the application starts once for all of them.
 */
public class SmallLimits implements QuarkusTestProfile {

    public static final int SPI_POOL_SIZE = 2;
    public static final int SPI_WAIT_QUEUE = 2;
    public static final int LOGIN_FAILURES = 3;
    public static final int LOGIN_BLOCK_SECONDS = 2;
    /** The application's log ({@link AppLog}), as plain lines, for tests that count what a storm writes. */
    private static final String LOG_FILE = "target/small-limits-test.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG_FILE,
                "quarkus.datasource.\"spi\".reactive.max-size", String.valueOf(SPI_POOL_SIZE),
                "aftersale.db.spi.max-wait-queue", String.valueOf(SPI_WAIT_QUEUE),
                // Every scenic notice its own statement at once, as many replicas' would be: each then asks the
                // pool for a connection (one statement at a time would hold the others in the group commit's queue).
                "scenic.notice.write.max-in-flight", "16",
                "scenic.notice.write.max-batch", "1",
                "operator.login-throttle.max-failures", String.valueOf(LOGIN_FAILURES),
                "operator.login-throttle.window", "10s",
                "operator.login-throttle.block", LOGIN_BLOCK_SECONDS + "s");
    }

    /** The same limits for the packaged application, its log in the file the integration-test launcher reads. */
    public static class Packaged extends SmallLimits {
        @Override
        public Map<String, String> getConfigOverrides() {
            return AppLog.inLauncherLog(super.getConfigOverrides());
        }
    }
}
