package com.provider.scenic;

import com.provider.support.Background;
import com.provider.support.Concurrently;
import com.provider.support.HeldWrites;
import com.provider.support.Metrics;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.ScenicNoticeBodies.REFUND_AUDIT_NOTICE;
import static com.provider.support.ScenicNoticeBodies.body;
import static com.provider.support.TestDatabase.connection;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenic notices that arrive together are written together (group commit), and each call still gets its own
 * outcome and rows. To make a group for certain, the test holds a lock that blocks one notice's statement on the
 * real database, sends the others while it waits, then lets go: they queue behind the blocked statement and go in
 * the next one together.
 */
@QuarkusTest
class ScenicGroupCommitTest {

    /** How pg_stat_activity shows the notices' statement. */
    private static final String NOTICE_WRITE = "WITH call AS (%";
    private static final String SUCCESS = "{\"data\":{\"error_code\":0,\"description\":\"success\"}}";

    @Test
    void noticesWrittenTogetherEachGetTheirOwnOutcomeAndRows() throws Exception {
        // Stored before the group: one redelivered unchanged in it, one with a second certificate.
        String storedBefore = uniqueId("order-before");
        String secondCertificate = uniqueId("order-second-certificate");
        SignedSpi.call().post(REFUND_AUDIT_NOTICE, body(storedBefore)).then().body(equalTo(SUCCESS));
        SignedSpi.call().post(REFUND_AUDIT_NOTICE, body(secondCertificate)).then().body(equalTo(SUCCESS));

        List<String> orders = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String orderId = uniqueId("order-" + i);
            orders.add(orderId);
            bodies.add(withSubItem(body(orderId), 100 + i));
        }
        String thrice = uniqueId("order-thrice");
        for (int copy = 0; copy < 3; copy++) {
            bodies.add(body(thrice)); // three deliveries of one notice in the same wave
        }
        bodies.add(body(storedBefore));
        bodies.add(body(secondCertificate).replace("\"certificate_id\":\"c-1\"", "\"certificate_id\":\"c-2\""));

        List<Response> answers = whileOneStatementIsBlocked(bodies);

        for (Response answer : answers) {
            answer.then().statusCode(200).body(equalTo(SUCCESS));
        }
        for (int i = 0; i < orders.size(); i++) {
            assertOutcomes(orders.get(i), 1, 0);
            operator().queryParam("order_id", orders.get(i)).get("/api/scenic/refund-audit-notices").then()
                    .body("total", equalTo(1));
            assertEquals(List.of(100L + i), subItemRefunds(orders.get(i)), orders.get(i));
        }
        assertOutcomes(thrice, 1, 2);
        assertOutcomes(storedBefore, 1, 1);
        assertOutcomes(secondCertificate, 2, 0);
        operator().queryParam("order_id", thrice).get("/api/scenic/refund-audit-notices").then()
                .body("total", equalTo(1));
        operator().queryParam("order_id", secondCertificate).get("/api/scenic/refund-audit-notices").then()
                .body("total", equalTo(2));

        try (Connection db = connection(); Statement sql = db.createStatement()) {
            // Every order has exactly one sync job, however many of its calls came in.
            for (String orderId : List.of(orders.get(0), orders.get(7), thrice, storedBefore, secondCertificate)) {
                assertEquals(1, count(sql, "SELECT count(*) FROM after_sale_sync_job WHERE order_id = '"
                        + orderId + "'"), orderId);
            }
            // Rows written by one statement share its transaction id: fewer ids than rows means they were grouped.
            int transactions = count(sql, "SELECT count(DISTINCT xmin::text) FROM scenic_refund_notice"
                    + " WHERE order_id IN ('" + String.join("','", orders) + "')");
            assertTrue(transactions < orders.size(),
                    orders.size() + " notices were written in " + transactions + " transactions");
        }
    }

    @Test
    void aStormOfOneNoticeSharesAStatementAndIsStoredOnce() throws Exception {
        String orderId = uniqueId("order-storm");
        String notice = withSubItem(body(orderId), 4200);
        int copies = 24;
        String batches = "aftersale_db_write_batch_count{table=\"scenic_refund_notice\"}";
        double before = Metrics.scrape().valueOrZero(batches); // published from the first statement on

        List<Response> answers = whileOneStatementIsBlocked(java.util.Collections.nCopies(copies, notice));

        for (Response answer : answers) {
            answer.then().statusCode(200).body(equalTo(SUCCESS));
        }
        assertOutcomes(orderId, 1, copies - 1);
        operator().queryParam("order_id", orderId).get("/api/scenic/refund-audit-notices").then()
                .body("total", equalTo(1));
        assertEquals(List.of(4200L), subItemRefunds(orderId));
        // The blocked statement, then the storm: copies of one notice share statements, not one each.
        double statements = Metrics.scrape().value(batches) - before;
        assertTrue(statements <= 3, copies + " copies of one notice took " + statements + " statements");
        // Nor were they written one by one after a shared statement failed (which the metric does not count).
        try (Connection db = connection(); Statement sql = db.createStatement()) {
            int transactions = count(sql, "SELECT count(DISTINCT xmin::text) FROM spi_inbox WHERE business_key = '"
                    + orderId + "'");
            assertTrue(transactions <= 3, copies + " copies of one notice took " + transactions + " transactions");
        }
    }

    /** The order's inbox rows: {@code handled} HANDLED and {@code duplicates} DUPLICATE, each answered 0. */
    private static void assertOutcomes(String orderId, int handled, int duplicates) {
        operator().queryParam("business_key", orderId).queryParam("size", 200).get("/api/callbacks").then()
                .body("total", equalTo(handled + duplicates))
                .body("items.findAll { it.outcome == 'HANDLED' }.size()", equalTo(handled))
                .body("items.findAll { it.outcome == 'DUPLICATE' }.size()", equalTo(duplicates))
                .body("items.findAll { it.error_code != 0 }.size()", equalTo(0));
    }

    /** A notice body whose certificate has one sub-item refunding {@code refund} fen. */
    private static String withSubItem(String body, long refund) {
        return body.replace("\"voucher\":\"\"}", "\"voucher\":\"\",\"sub_item_list\":[{\"sub_item_id\":\"s-1\","
                + "\"origin_amount\":" + refund + ",\"refund_amount\":" + refund + "}]}");
    }

    private static List<Long> subItemRefunds(String orderId) throws Exception {
        List<Long> refunds = new ArrayList<>();
        try (Connection db = connection(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT s.refund_amount FROM scenic_refund_notice_sub_item s"
                     + " JOIN scenic_refund_notice n ON n.id = s.notice_id WHERE n.order_id = '" + orderId + "'"
                     + " ORDER BY s.line_no")) {
            while (rows.next()) {
                refunds.add(rows.getLong(1));
            }
        }
        return refunds;
    }

    private static int count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /**
     * Locks the notice table, sends one notice and waits until its statement is blocked, sends {@code bodies} at
     * once and waits until they all wait for a statement, then releases the lock. Returns their answers in order.
     */
    private static List<Response> whileOneStatementIsBlocked(List<String> bodies) throws Exception {
        try (Connection lock = connection(); Statement sql = lock.createStatement()) {
            lock.setAutoCommit(false);
            sql.execute("LOCK TABLE scenic_refund_notice IN SHARE MODE");
            CompletableFuture<Response> blocked = Background.supply(
                    () -> SignedSpi.call().post(REFUND_AUDIT_NOTICE, body(uniqueId("order-blocker"))));
            CompletableFuture<List<Response>> grouped;
            try {
                HeldWrites.awaitBlocked(NOTICE_WRITE);
                grouped = Background.supply(() -> {
                    try {
                        return Concurrently.run(bodies.size(),
                                i -> SignedSpi.call().post(REFUND_AUDIT_NOTICE, bodies.get(i)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
                while (System.nanoTime() < deadline && Metrics.scrape()
                        .valueOrZero("aftersale_db_write_waiting{table=\"scenic_refund_notice\"}") < bodies.size()) {
                    Thread.sleep(20);
                }
            } finally {
                lock.commit();
            }
            blocked.get(10, TimeUnit.SECONDS).then().statusCode(200).body(equalTo(SUCCESS));
            return grouped.get(60, TimeUnit.SECONDS);
        }
    }
}
