package com.provider.support;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * The management interface (probes, metrics) as Kubernetes and Prometheus call it: its own port (random in
 * tests), no login. Paths are the full ones, {@code /q/health/ready}.
 */
public final class Management {

    /** Where the integration-test launcher has the packaged application write its log. */
    private static final Path LAUNCHER_LOG = Path.of("target/quarkus.log");
    private static final Pattern LISTENING = Pattern.compile("Management interface listening on https?://[^:\\s]+:(\\d+)");

    private Management() {
    }

    public static RequestSpecification management() {
        // test.management.url is the interface's root, e.g. http://localhost:46253/q
        URI root = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        int port = root.getPort();
        if (port == 0) {
            // A packaged application (@QuarkusIntegrationTest): the launcher learns the HTTP port from the log but
            // not the management port, so the test's configuration still says 0 (random). Read it where the
            // launcher reads the other: the log of the application started last, after a profile restart too.
            port = portFromLauncherLog();
        }
        return given().baseUri(root.getScheme() + "://" + root.getHost() + ":" + port);
    }

    private static int portFromLauncherLog() {
        try {
            Matcher listening = LISTENING.matcher(Files.readString(LAUNCHER_LOG, StandardCharsets.UTF_8));
            int port = -1;
            while (listening.find()) {
                port = Integer.parseInt(listening.group(1));
            }
            if (port < 0) {
                throw new IllegalStateException("no management port in " + LAUNCHER_LOG.toAbsolutePath());
            }
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
