package com.provider.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * For tests of the packaged application, which has no embedded database: starts a PostgreSQL server
 * beside it and hands the production jar the contract's environment, as an operator would.
 */
public class StandalonePostgres implements QuarkusTestResourceLifecycleManager {

    /** The server's JDBC URL for the test itself ({@link TestDatabase}); the application reads only DB_*. */
    public static final String JDBC_URL = "test.standalone-postgres.jdbc-url";

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry(JDBC_URL, "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres"),
                Map.entry("DB_HOST", "localhost"),
                Map.entry("DB_PORT", String.valueOf(postgres.getPort())),
                Map.entry("DB_NAME", "postgres"),
                Map.entry("DB_USER", "postgres"),
                Map.entry("DB_PASSWORD", "postgres"),
                Map.entry("DOUYIN_CLIENT_KEY", SignedSpi.CLIENT_KEY),
                Map.entry("DOUYIN_CLIENT_SECRET", SignedSpi.SECRET),
                Map.entry("DOUYIN_CLIENT_SECRET_PREVIOUS", SignedSpi.PREVIOUS_SECRET),
                Map.entry("DOUYIN_ACCOUNT_ID", "acct-it-primary"),
                // Never the real platform: a closed local port, unless a test's fake Douyin (DouyinWireMock) is set.
                Map.entry("DOUYIN_API_URL", "http://127.0.0.1:9"),
                Map.entry("douyin.apps.scenic.client-key", "awxSCENIC"),
                Map.entry("douyin.apps.scenic.client-secrets", "s3cr3t-\u0394"),
                Map.entry("douyin.apps.scenic.account-id", "acct-it-scenic"),
                Map.entry("ADMIN_USER", Operator.USER),
                Map.entry("ADMIN_PASSWORD", Operator.PASSWORD),
                // The other operators: a users file, as a mounted Secret, and one account in configuration.
                Map.entry("OPERATOR_USERS_FILE", "src/test/resources/operators/users.txt"),
                Map.entry("operator.users.viewer.password-hash", Operator.CONFIGURED_VIEWER_HASH),
                Map.entry("operator.users.viewer.role", "viewer"),
                // Any free port for the probes: the packaged jar's default, 9000, may be taken on a build machine.
                Map.entry("MANAGEMENT_PORT", "0"),
                // No shutdown delay: in production it gives a Kubernetes Service 5 s to stop routing to a pod that
                // is going away; here nothing routes to it, and it made each restart between test classes 5 s longer.
                Map.entry("quarkus.shutdown.delay", "0s"));
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
