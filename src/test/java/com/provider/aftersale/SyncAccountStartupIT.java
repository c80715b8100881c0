package com.provider.aftersale;

import com.provider.support.PackagedApp;
import com.provider.support.PackagedApp.Exited;
import com.provider.support.SignedSpi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application (the jar, or the native executable) refuses to start, with one line, when its sync
 * worker is on and an app that can receive scenic notices has no account id, as an operator would start it: the
 * contract's environment, a real PostgreSQL.
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
        Exited run = start(Map.of(), List.of());

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
        Exited run = start(Map.of("DOUYIN_ACCOUNT_ID", "acct-primary"),
                List.of("-Ddouyin.apps.resort.client-key=awxRESORT", "-Ddouyin.apps.resort.client-secrets=s"));

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("these apps have no account id: resort (client_key awxRESORT, "
                + "douyin.apps.resort.account-id)"), run.output());
        assertTrue(!run.output().contains("primary ("), run.output());
    }

    private static Exited start(Map<String, String> extraEnvironment, List<String> systemProperties)
            throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
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
        return PackagedApp.runUntilExit(environment, systemProperties, Duration.ofSeconds(90));
    }
}
