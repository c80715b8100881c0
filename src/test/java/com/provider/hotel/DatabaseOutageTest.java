package com.provider.hotel;

import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static com.provider.support.TestDatabase.connection;
import static com.provider.support.Management.management;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the database is down or blocked, Douyin is told to retry (error_code 100) within 3 s, and the
 * redelivery after recovery is stored exactly once. The outage is made on the real database: new
 * connections refused and existing ones killed, or the inbox table locked.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final long DOUYIN_PATIENCE_MILLIS = 3000;

    @Test
    void databaseDownAnswersRetryInTimeAndTheRedeliveryIsStoredOnce() throws Exception {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        String body = body(orderId, cancelId, true, 21);

        whileTheDatabaseRefusesConnections(() -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertRetryAnsweredInTime(SignedSpi.call(), body);
            }
            management().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        });

        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body).then().statusCode(200)
                .body("data.error_code", equalTo(0)).body("data.cancel_mode", equalTo(2));
        operator().queryParam("order_id", orderId).get("/api/hotel/cancellations").then().body("total", equalTo(1));
        operator().queryParam("business_key", cancelId).get("/api/callbacks").then()
                .body("total", equalTo(1)).body("items[0].outcome", equalTo("HANDLED"));
    }

    @Test
    void probesSayDownInFixedWordsAndKeepTheDatabasesMessageToTheLog() throws Exception {
        whileTheDatabaseRefusesConnections(() -> {
            for (String probe : new String[] {"/q/health/ready", "/q/health/started"}) {
                management().get(probe).then().log().ifValidationFails().statusCode(503)
                        .body("status", equalTo("DOWN"))
                        .body("checks.findAll { it.status == 'DOWN' }.data.reason",
                                everyItem(equalTo("no answer from PostgreSQL")))
                        .body(not(containsStringIgnoringCase("accepting")))
                        .body(not(containsString("FATAL")))
                        .body(not(containsStringIgnoringCase("exception")))
                        .body(not(containsString("55000")));
            }
        });
        management().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** New connections to the service's database refused and the open ones closed, while {@code during} runs. */
    private static void whileTheDatabaseRefusesConnections(Runnable during) throws Exception {
        String database;
        try (Connection app = connection(null)) {
            database = app.getCatalog();
        }
        // A database cannot shut its own door: the outage is made from another database of the server.
        try (Connection admin = connection("template1"); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
            try {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                during.run();
            } finally {
                sql.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            }
        }
    }

    @Test
    void databaseBlockedAnswersRetryInTimeAndNothingIsLostOrDoubled() throws Exception {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        String body = body(orderId, cancelId, true, 11);

        try (Connection admin = connection(null); Statement sql = admin.createStatement()) {
            admin.setAutoCommit(false);
            sql.execute("LOCK TABLE spi_inbox IN ACCESS EXCLUSIVE MODE");
            try {
                assertRetryAnsweredInTime(SignedSpi.call(), body);
            } finally {
                admin.commit();
            }
        }

        // The blocked statement may still complete once the lock is gone; the redelivery is answered alike.
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body).then().statusCode(200)
                .body("data.error_code", equalTo(0)).body("data.cancel_mode", equalTo(1))
                .body("data.cancel_result", equalTo(1));
        operator().queryParam("order_id", orderId).get("/api/hotel/cancellations").then()
                .body("total", equalTo(1)).body("items[0].status", equalTo("AGREED"));
        operator().queryParam("business_key", cancelId).queryParam("outcome", "HANDLED").get("/api/callbacks")
                .then().body("total", equalTo(1));
    }

    private static void assertRetryAnsweredInTime(SignedSpi call, String body) {
        long started = System.nanoTime();
        Response response = call.post(HOTEL_CANCEL_ORDER, body);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        response.then().statusCode(200).contentType("application/json").body("data.error_code", equalTo(100));
        assertTrue(tookMillis < DOUYIN_PATIENCE_MILLIS, "answered in " + tookMillis + " ms");
    }
}
