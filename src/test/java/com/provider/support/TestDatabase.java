package com.provider.support;

import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Plain JDBC connections to the test's database server, for making outages and looking under the service. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** A connection to the service's own database. */
    public static Connection connection() throws SQLException {
        return connection(null);
    }

    /** A connection to the service's database server: its own database, or {@code otherDatabase}. */
    public static Connection connection(String otherDatabase) throws SQLException {
        var config = ConfigProvider.getConfig();
        // A packaged application's database (StandalonePostgres) is named by the test resource; a @QuarkusTest's
        // embedded one by the datasource it configured.
        String url = config.getOptionalValue(StandalonePostgres.JDBC_URL, String.class)
                .orElseGet(() -> config.getValue("quarkus.datasource.jdbc.url", String.class));
        if (otherDatabase != null) {
            url = url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + otherDatabase);
        }
        String user = config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres");
        String password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("postgres");
        return DriverManager.getConnection(url, user, password);
    }
}
