package com.provider.douyin;

import com.provider.support.Eventually;
import com.provider.support.HeldWrites;
import com.provider.support.SignedSpi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.HeldWrites.ANSWER_READ;
import static com.provider.support.HeldWrites.GROUP_WRITE;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static com.provider.support.TestDatabase.connection;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A call has exactly one inbox row, and it says what Douyin was told: also when the row commits after Douyin
 * was answered error_code 100, or when something fails after the row committed. Made on the real database:
 * table locks hold statements past their time limits, and a read is cancelled.
 * <p>
 * PostgreSQL cancels the SPI's statements after 90 % of the durability budget ({@code statement_timeout}), so a
 * statement outlives its answer only when it started after the budget's first tenth (it waited for its turn).
 * Here the statement timeout is longer than the budget, so that a lock can hold a statement past its answer.
 */
@QuarkusTest
@TestProfile(InboxSaysWhatDouyinWasToldTest.StatementsOutliveTheirAnswers.class)
class InboxSaysWhatDouyinWasToldTest {

    public static class StatementsOutliveTheirAnswers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aftersale.db.spi.statement-timeout", "30s");
        }
    }

    private static final String SCENIC_NOTICE = "/douyin/spi/scenic/refund-audit-notice";

    /** A cold service's first calls can take a while: each test's timing starts with both paths warm. */
    @BeforeEach
    void bothPathsAnswered() {
        String orderId = uniqueId("order-warm");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, uniqueId("cancel-warm"), true, 11)).then()
                .body("data.error_code", equalTo(0));
        SignedSpi.call().post(SCENIC_NOTICE, notice(orderId)).then().body("data.error_code", equalTo(0));
    }

    @Test
    void aCancellationStoredAfterItsAnswerLeavesARowSayingDouyinWasToldToRetry() throws Exception {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel-late");
        String body = body(orderId, cancelId, true, 11);
        // Answered when the statement's time limit passes, while the statement still waits for the lock.
        HeldWrites.answeredWhileLocked("hotel_cancellation", GROUP_WRITE,
                () -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, body))
                .then().statusCode(200).body("data.error_code", equalTo(100));

        // With the lock gone the statement commits: the cancellation is stored, and its row says Douyin got 100.
        assertOneRowStoredAfterTheAnswer(cancelId);
        operator().get("/api/hotel/cancellations/" + cancelId).then().statusCode(200).body("status", equalTo("AGREED"));

        // Douyin's retry gets the stored answer, and its own row says that.
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body).then().statusCode(200)
                .body("data.error_code", equalTo(0)).body("data.cancel_mode", equalTo(1));
        operator().queryParam("business_key", cancelId).queryParam("outcome", "DUPLICATE").get("/api/callbacks")
                .then().body("total", equalTo(1)).body("items[0].error_code", equalTo(0));
    }

    @Test
    void aNoticeStoredAfterItsAnswerLeavesARowSayingDouyinWasToldToRetry() throws Exception {
        String orderId = uniqueId("order-late");
        String notice = notice(orderId);
        // The 2 s budget runs out while the statement waits for the lock.
        HeldWrites.answeredWhileLocked("scenic_refund_notice", "WITH call AS (%",
                () -> SignedSpi.call().post(SCENIC_NOTICE, notice))
                .then().statusCode(200).body("data.error_code", equalTo(100));

        assertOneRowStoredAfterTheAnswer(orderId);
    }

    /** The call's one inbox row: stored (HANDLED), and saying that Douyin was told error_code 100 before. */
    private static void assertOneRowStoredAfterTheAnswer(String businessKey) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(5), () -> operator().queryParam("business_key", businessKey)
                .get("/api/callbacks").then()
                .body("total", equalTo(1))
                .body("items[0].outcome", equalTo("HANDLED"))
                .body("items[0].http_status", equalTo(200))
                .body("items[0].error_code", equalTo(100))
                .body("items[0].detail", containsString("stored after Douyin was told error_code 100")));
    }

    @Test
    void aRedeliveryWhoseAnswerCannotBeReadKeepsOneRowSayingDouyinWasToldToRetry() throws Exception {
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel-unread");
        CompletableFuture<Response> call;
        // The call and the lock each block a thread of their own at once: on the common pool they can queue one
        // behind the other (a pool of one thread on 2 cores), and the lock then comes only after the call was
        // answered 100 (after 1 s: the group-commit slot limit), too late for the read this test is about.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection first = connection(); Statement firstSql = first.createStatement();
                Connection locker = connection(); Statement lockSql = locker.createStatement()) {
            // Another replica is storing the first delivery: ours waits for it, and once it commits our statement
            // stores the redelivery, but its snapshot cannot see the first delivery's answer. That takes a read.
            first.setAutoCommit(false);
            firstSql.execute("INSERT INTO hotel_cancellation (cancel_id, order_id, cancel_type, biz_type,"
                    + " after_sale_type, refund_type, status, decided_status, answer_cancel_mode, answer_cancel_result,"
                    + " decision_rule, client_key, body_sha256, refund_nights) VALUES ('" + cancelId + "', '" + orderId
                    + "', 2, 2021, 1, 11, 'AGREED', 'AGREED', 1, 1, 'r', 'k', '\\x00', '[]')");
            call = CompletableFuture.supplyAsync(
                    () -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, true, 11)), threads);
            HeldWrites.awaitBlocked(GROUP_WRITE);
            // A lock queued behind our statement, taken when it commits: the read waits for it ...
            locker.setAutoCommit(false);
            CompletableFuture<Boolean> locked = CompletableFuture.supplyAsync(() -> {
                try {
                    return lockSql.execute("LOCK TABLE hotel_cancellation IN ACCESS EXCLUSIVE MODE");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            try {
                HeldWrites.awaitBlocked("LOCK TABLE hotel_cancellation%");
                first.commit();
                int reader = HeldWrites.awaitBlocked(ANSWER_READ);
                // ... and fails: it is cancelled.
                firstSql.execute("SELECT pg_cancel_backend(" + reader + ")");
                call.get(10, TimeUnit.SECONDS).then().statusCode(200).body("data.error_code", equalTo(100));
            } finally {
                locked.get(10, TimeUnit.SECONDS);
                locker.commit();
            }
        } finally {
            threads.shutdownNow();
        }

        // One call, one row: stored as a redelivery, and saying what Douyin was told (no second, FAILED row).
        Eventually.within(Duration.ofSeconds(5), () -> operator().queryParam("business_key", cancelId)
                .get("/api/callbacks").then()
                .body("total", equalTo(1))
                .body("items[0].outcome", equalTo("DUPLICATE"))
                .body("items[0].error_code", equalTo(100))
                .body("items[0].detail", containsString("after this row was stored")));
        // Douyin's retry is answered as the first delivery was.
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, true, 11)).then().statusCode(200)
                .body("data.error_code", equalTo(0)).body("data.cancel_mode", equalTo(1))
                .body("data.cancel_result", equalTo(1));
    }

    private static String notice(String orderId) {
        return """
                {"order_id":"%s","notice_list":[{"certificate_id":"c-1","apply_time":1700000000000,\
                "audit_time":1700000100000,"audit_result":1}]}""".formatted(orderId);
    }
}
