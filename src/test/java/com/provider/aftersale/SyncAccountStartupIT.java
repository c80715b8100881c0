package com.provider.aftersale;

import com.provider.support.SignedSpi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar refuses to start, with one line, when its sync worker is on and an app that can receive scenic
 * notices has no account id, as an operator would start it: the contract's environment, a real PostgreSQL.
 * (The other integration tests show it starting when every app has one.)
 */
class SyncAccountStartupIT {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void withoutThePrimaryAppsAccountIdItStopsWithOneLineNamingIt() throws Exception {
        Started run = start(Map.of(), List.of());

        assertEquals(1, run.exitCode(), run.output());
        List<String> lines = run.output().lines().filter(line -> line.contains("cannot start")).toList();
        assertEquals(1, lines.size(), run.output());
        assertTrue(lines.get(0).startsWith("aftersale: cannot start: the after-sale sync worker is on"), lines.get(0));
        assertTrue(lines.get(0).contains("primary (client_key " + SignedSpi.CLIENT_KEY + ", DOUYIN_ACCOUNT_ID)"),
                lines.get(0));
        assertTrue(!run.output().contains("\tat "), "no stack trace:\n" + run.output());
    }

    @Test
    void anotherAppWithoutAnAccountIdStopsItToo() throws Exception {
        Started run = start(Map.of("DOUYIN_ACCOUNT_ID", "acct-primary"),
                List.of("-Ddouyin.apps.resort.client-key=awxRESORT", "-Ddouyin.apps.resort.client-secrets=s"));

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("these apps have no account id: resort (client_key awxRESORT, "
                + "douyin.apps.resort.account-id)"), run.output());
        assertTrue(!run.output().contains("primary ("), run.output());
    }

    private record Started(int exitCode, String output) {
    }

    private static Started start(Map<String, String> extraEnvironment, List<String> systemProperties)
            throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged jar is built before integration tests: " + jar);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        File output = Files.createTempFile("startup-refusal", ".log").toFile();
        builder.redirectOutput(output);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("DOUYIN_") || name.startsWith("AFTER_SALE_")
                || name.startsWith("QUARKUS_"));
        environment.putAll(Map.of(
                "DB_HOST", "localhost",
                "DB_PORT", String.valueOf(postgres.getPort()),
                "DB_NAME", "postgres",
                "DB_USER", "postgres",
                "DB_PASSWORD", "postgres",
                "DOUYIN_CLIENT_KEY", SignedSpi.CLIENT_KEY,
                "DOUYIN_CLIENT_SECRET", SignedSpi.SECRET,
                "HTTP_PORT", "0",
                "MANAGEMENT_PORT", "0"));
        environment.putAll(extraEnvironment);
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(90, TimeUnit.SECONDS);
            String text = Files.readString(output.toPath(), StandardCharsets.UTF_8);
            assertTrue(exited, "the service should have refused to start, but runs:\n" + text);
            return new Started(process.exitValue(), text);
        } finally {
            process.destroyForcibly();
            output.delete();
        }
    }
}
