package com.provider.support;

import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The application's log file, for tests that read what it wrote: the {@code quarkus.log.file.path} of the test's
 * profile. A test of the packaged application must use the file the integration-test launcher reads, because the
 * launcher learns there that the application started and on which ports: {@link #inLauncherLog} moves a profile's
 * log there.
 */
public final class AppLog {

    /** Where the integration-test launcher has the packaged application write its log. */
    private static final String LAUNCHER_LOG = "target/quarkus.log";

    private AppLog() {
    }

    public static Path path() {
        return Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
    }

    /** A profile's configuration with its log file moved to the launcher's. */
    public static Map<String, String> inLauncherLog(Map<String, String> overrides) {
        Map<String, String> moved = new HashMap<>(overrides);
        moved.put("quarkus.log.file.path", LAUNCHER_LOG);
        return moved;
    }
}
