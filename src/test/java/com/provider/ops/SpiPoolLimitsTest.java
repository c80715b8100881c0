package com.provider.ops;

import com.provider.support.Concurrently;
import com.provider.support.AppLog;
import com.provider.support.SignedSpi;
import com.provider.support.SmallLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.Operator.operator;
import static com.provider.support.ScenicNoticeBodies.REFUND_AUDIT_NOTICE;
import static com.provider.support.ScenicNoticeBodies.body;
import static com.provider.support.TestDatabase.connection;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SPI's pool waits for connections in a bounded queue: with every connection held by a statement waiting
 * for a lock and the queue full, one more callback is answered 100 at once rather than after the whole
 * durability budget. Pool of 2, queue of 2 ({@link SmallLimits}). How long a call took is read from its access
 * line (the service's own time, from arrival to answer): on a loaded machine the client's clock also counts the
 * time its threads wait for a core, which made "at once" fail when the service had answered in a few ms.
 */
@QuarkusTest
@TestProfile(SmallLimits.class)
class SpiPoolLimitsTest {

    private static final int CALLS = 10;
    /** Well under the 2 s a call waits for the database before it is answered 100 anyway. */
    private static final long AT_ONCE_MILLIS = 1200;

    /** An SPI access line: {@code <spi> answered error_code <code> (<outcome>) in <ms> ms}. */
    private static final Pattern ACCESS_LINE = Pattern.compile("answered error_code (\\d+) \\((\\w+)\\) in (\\d+) ms");

    private record Answer(String orderId, int errorCode) {
    }

    @Test
    void callsBeyondTheWaitQueueAreAnswered100AtOnceAndSucceedWhenRedelivered() throws Exception {
        List<String> orders = java.util.stream.IntStream.range(0, CALLS).mapToObj(i -> uniqueId("pool-order")).toList();
        deliver(uniqueId("warm-up")); // a warm path: this test is about the queue, not a cold JVM

        long logLinesBefore = logLines().size();
        List<Answer> answers;
        try (Connection admin = connection(); Statement sql = admin.createStatement()) {
            admin.setAutoCommit(false);
            sql.execute("LOCK TABLE scenic_refund_notice IN ACCESS EXCLUSIVE MODE");
            try {
                answers = Concurrently.run(CALLS, i -> deliver(orders.get(i)));
            } finally {
                admin.commit();
            }
        }

        for (Answer answer : answers) {
            assertEquals(100, answer.errorCode(), "nothing can be stored while the table is locked: " + answer);
        }
        List<String> storm = stormLog((int) logLinesBefore);
        List<Long> millis = storm.stream().map(ACCESS_LINE::matcher).filter(Matcher::find)
                .peek(access -> assertEquals("100", access.group(1), access.group()))
                .map(access -> Long.parseLong(access.group(3))).toList();
        assertEquals(CALLS, millis.size(), "one access line per call:\n" + String.join("\n", storm));
        // At most pool + queue calls wait for a connection; every other one is refused at once.
        long atOnce = millis.stream().filter(ms -> ms < AT_ONCE_MILLIS).count();
        assertTrue(atOnce >= CALLS - SmallLimits.SPI_POOL_SIZE - SmallLimits.SPI_WAIT_QUEUE,
                "answered at once: " + atOnce + " of " + millis + " ms");
        // Refused at once means no attempt to keep the call either (that write would only queue too), and a
        // bounded log: not an error line per refused call.
        assertEquals(0, storm.stream().filter(line -> line.contains("could not be applied")
                && line.contains("ConnectionPoolTooBusyException")).count(), String.join("\n", storm));

        for (String orderId : orders) {
            assertEquals(0, deliver(orderId).errorCode(), "the redelivery of " + orderId);
            operator().queryParam("order_id", orderId).get("/api/scenic/refund-audit-notices").then()
                    .body("total", equalTo(1));
        }
    }

    /**
     * The lines logged since {@code from}, once every call of the storm has its access line: a call answered
     * when its budget ran out may be logged just after its answer went out.
     */
    private static List<String> stormLog(int from) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<String> lines = logLines();
            List<String> storm = lines.subList(Math.min(from, lines.size()), lines.size());
            if (storm.stream().filter(line -> ACCESS_LINE.matcher(line).find()).count() >= CALLS
                    || System.nanoTime() > deadline) {
                return storm;
            }
            Thread.sleep(50);
        }
    }

    private static List<String> logLines() {
        try {
            return Files.exists(AppLog.path()) ? Files.readAllLines(AppLog.path()) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Answer deliver(String orderId) {
        Response response = SignedSpi.call().post(REFUND_AUDIT_NOTICE, body(orderId));
        response.then().statusCode(200);
        return new Answer(orderId, response.path("data.error_code"));
    }
}
