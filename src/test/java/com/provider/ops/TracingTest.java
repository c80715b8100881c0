package com.provider.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.provider.aftersale.service.SyncJobWorker;
import com.provider.support.DouyinWireMock;
import com.provider.support.HeldWrites;
import com.provider.support.Eventually;
import com.provider.support.InMemoryTraces;
import com.provider.support.InjectWireMock;
import com.provider.support.SignedSpi;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.DouyinAnswers.detail;
import static com.provider.support.DouyinAnswers.detailCall;
import static com.provider.support.DouyinAnswers.platformError;
import static com.provider.support.Management.management;
import static com.provider.support.Operator.operator;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Following one Douyin call through traces and logs, as an SRE would, with the spans the service really made
 * (kept in memory by {@link InMemoryTraces} instead of being sent to an OTLP endpoint): the SPI call's span under
 * Douyin's {@code traceparent} with its keys and its statements, a Douyin exchange's span with Douyin's log id,
 * a queued job's trace, and the trace and span ids on the call's JSON log lines.
 */
@QuarkusTest
@TestProfile(TracingTest.InMemorySpans.class)
@WithTestResource(DouyinWireMock.class)
class TracingTest {

    static final Path LOG = Path.of("target", "tracing-test.log");

    private static final AttributeKey<String> LOG_ID = AttributeKey.stringKey("log_id");
    private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order_id");
    private static final AttributeKey<String> CANCEL_ID = AttributeKey.stringKey("cancel_id");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    public static class InMemorySpans implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    InMemoryTraces.PROPERTY, "memory",
                    // spans reach the exporter within 50 ms of their end, not 5 s
                    "quarkus.otel.bsp.schedule.delay", "50ms",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.json.enabled", "true",
                    "quarkus.log.category.\"com.provider\".level", "DEBUG",
                    // a statement held on a lock while other calls queue up must not run out of time on a busy
                    // machine (its slot's limit is half of this)
                    "douyin.spi.durability-timeout", "10s");
        }
    }

    @Inject
    InMemorySpanExporter exporter;

    @Inject
    SyncJobWorker worker;

    @InjectWireMock
    WireMockServer douyin;

    @Test
    void aCallbacksSpanIsAChildOfDouyinsTraceparentWithItsKeysAndItsStatementsUnderIt() throws Exception {
        String traceId = randomHex(16);
        String parentSpanId = randomHex(8);
        String orderId = uniqueId("order");
        String cancelId = uniqueId("cancel");
        SignedSpi call = SignedSpi.call().header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01");
        call.post(HOTEL_CANCEL_ORDER, body(orderId, cancelId, true, 21)).then().statusCode(200);

        SpanData spi = awaitSpan(span -> call.logId().equals(span.getAttributes().get(LOG_ID))
                && span.getKind() == SpanKind.SERVER);
        assertEquals(traceId, spi.getTraceId(), "the call continues Douyin's trace");
        assertEquals(parentSpanId, spi.getParentSpanId(), "the call's span is a child of Douyin's span");
        assertEquals("hotel.cancel-order", spi.getAttributes().get(AttributeKey.stringKey("spi")));
        assertEquals(orderId, spi.getAttributes().get(ORDER_ID));
        assertEquals(cancelId, spi.getAttributes().get(CANCEL_ID));
        assertEquals(SignedSpi.CLIENT_KEY, spi.getAttributes().get(AttributeKey.stringKey("client_key")));
        assertEquals("HANDLED", spi.getAttributes().get(AttributeKey.stringKey("outcome")));
        assertEquals(0L, spi.getAttributes().get(AttributeKey.longKey("error_code")));
        assertTrue(spi.getName().contains("/douyin/spi/hotel/cancel-order"), spi.getName());

        Eventually.within(Duration.ofSeconds(10), () -> {
            List<SpanData> statements = under(spi).stream().filter(TracingTest::isDatabase).toList();
            assertFalse(statements.isEmpty(), "the call's statements are spans under its span: " + under(spi));
            assertTrue(statements.stream().allMatch(s -> s.getKind() == SpanKind.CLIENT), statements.toString());
        });
    }

    @Test
    void aStatementSharedByWaitingCallsIsASpanUnderOneOfThemAndEndsWithinIt() throws Exception {
        String orderId = uniqueId("order");
        List<String> grouped = IntStream.range(0, 6).mapToObj(i -> uniqueId("cancel-grouped")).toList();
        // a first call prepares the statement: a cold one may not reach the database while the table is locked
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, uniqueId("cancel-warm-up"), false, 11)).then()
                .statusCode(200);
        // The blocker's statement waits for a table lock while the others queue up; its completion sends
        // theirs, together, in one statement.
        List<Response> answers = HeldWrites.whileOneStatementIsBlocked(
                () -> SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(orderId, uniqueId("cancel-blocker"), false, 11)),
                grouped.stream().map(cancelId -> body(orderId, cancelId, false, 11)).toList(), Duration.ofMillis(600));
        answers.forEach(answer -> answer.then().statusCode(200));

        List<SpanData> calls = new ArrayList<>();
        for (String cancelId : grouped) {
            calls.add(awaitSpan(span -> cancelId.equals(span.getAttributes().get(CANCEL_ID))
                    && span.getKind() == SpanKind.SERVER));
        }
        Eventually.within(Duration.ofSeconds(5), () -> {
            List<SpanData> statements = exporter.getFinishedSpanItems().stream().filter(TracingTest::isDatabase)
                    .filter(span -> calls.stream().anyMatch(call -> call.getSpanId().equals(span.getParentSpanId())))
                    .toList();
            assertFalse(statements.isEmpty(), "the shared statement sits under one of the calls it holds");
            for (SpanData statement : statements) {
                SpanData call = calls.stream().filter(c -> c.getSpanId().equals(statement.getParentSpanId()))
                        .findFirst().orElseThrow();
                assertTrue(statement.getEndEpochNanos() <= call.getEndEpochNanos(),
                        "the statement ends within the span of its call: " + statement + " / " + call);
            }
        });
    }

    @Test
    void aCallWithoutTraceparentStartsATraceAndProbesAndMetricsAreNotTraced() throws Exception {
        management().get("/q/metrics").then().statusCode(200);
        management().get("/q/health/ready").then().statusCode(200);
        SignedSpi call = SignedSpi.call();
        call.post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), uniqueId("cancel"), false, 11)).then().statusCode(200);

        SpanData spi = awaitSpan(span -> call.logId().equals(span.getAttributes().get(LOG_ID)));
        assertFalse(spi.getParentSpanContext().isValid(), "a trace of its own");
        assertTrue(exporter.getFinishedSpanItems().stream()
                        .noneMatch(span -> String.valueOf(span.getAttributes().get(URL_PATH)).startsWith("/q/")),
                "no span for the management interface");
    }

    @Test
    void aCallAnsweredOneHundredIsAnErrorSpan() throws Exception {
        SignedSpi call = SignedSpi.call();
        // a body that cannot be parsed is a 400, not an error of the service
        call.post(HOTEL_CANCEL_ORDER, "{}").then().statusCode(400);
        SpanData rejected = awaitSpan(span -> call.logId().equals(span.getAttributes().get(LOG_ID)));
        assertEquals("REJECTED", rejected.getAttributes().get(AttributeKey.stringKey("outcome")));
        assertEquals(StatusCode.UNSET, rejected.getStatus().getStatusCode());
    }

    @Test
    void aDouyinExchangeHasASpanWithItsKeysAndDouyinsLogIdAndTheHttpCallUnderIt() throws Exception {
        String orderId = uniqueId("order");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(orderId))
                .willReturn(okJson(detail(orderId, "log-detail-" + orderId))));
        operator().contentType("application/json")
                .body("{\"order_id\":\"" + orderId + "\",\"certificate_id\":\"cert-1\"}")
                .post("/api/after-sales/sync").then().statusCode(200);

        SpanData exchange = awaitSpan(span -> span.getName().equals("douyin after_sale_detail")
                && orderId.equals(span.getAttributes().get(ORDER_ID)));
        assertEquals("log-detail-" + orderId, exchange.getAttributes().get(LOG_ID));
        assertEquals("cert-1", exchange.getAttributes().get(AttributeKey.stringKey("certificate_id")));
        assertEquals(DouyinWireMock.ACCOUNT_ID, exchange.getAttributes().get(AttributeKey.stringKey("account_id")));
        assertEquals("SUCCESS", exchange.getAttributes().get(AttributeKey.stringKey("outcome")));
        assertEquals("as-" + orderId, exchange.getAttributes().get(AttributeKey.stringKey("after_sale_ids")));
        assertEquals(SignedSpi.CLIENT_KEY, exchange.getAttributes().get(AttributeKey.stringKey("client_key")));

        SpanData request = span(exchange.getTraceId(), exchange.getParentSpanId());
        assertEquals(SpanKind.SERVER, request.getKind(), "under the operator's request: " + request);
        Eventually.within(Duration.ofSeconds(5), () -> assertTrue(under(exchange).stream()
                        .anyMatch(span -> span.getKind() == SpanKind.CLIENT && !isDatabase(span)),
                "the HTTP call to Douyin is a client span under the exchange: " + under(exchange)));
    }

    @Test
    void aFailedExchangeSaysWhyWithDouyinsLogId() throws Exception {
        String orderId = uniqueId("order");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(orderId))
                .willReturn(okJson(platformError(2119005, "log-refused-" + orderId))));
        operator().contentType("application/json").body("{\"order_id\":\"" + orderId + "\"}")
                .post("/api/after-sales/sync").then().statusCode(502);

        SpanData exchange = awaitSpan(span -> span.getName().equals("douyin after_sale_detail")
                && orderId.equals(span.getAttributes().get(ORDER_ID)));
        assertEquals(StatusCode.ERROR, exchange.getStatus().getStatusCode());
        assertEquals("log-refused-" + orderId, exchange.getAttributes().get(LOG_ID));
        assertEquals("PERMANENT", exchange.getAttributes().get(AttributeKey.stringKey("outcome")));
        assertEquals(2119005L, exchange.getAttributes().get(AttributeKey.longKey("douyin.error_code")));
    }

    @Test
    void aQueuedSyncJobRunsInATraceOfItsOwnWithItsExchangeAndStatements() throws Exception {
        String orderId = uniqueId("order");
        douyin.stubFor(detailCall().withQueryParam("order_id", equalTo(orderId))
                .willReturn(okJson(detail(orderId, "log-job-" + orderId))));
        SignedSpi.call().post(com.provider.support.ScenicNoticeBodies.REFUND_AUDIT_NOTICE,
                com.provider.support.ScenicNoticeBodies.body(orderId)).then().statusCode(200);

        worker.runDueJobs().await().atMost(Duration.ofSeconds(30));

        SpanData job = awaitSpan(span -> span.getName().equals("after-sale sync job")
                && orderId.equals(span.getAttributes().get(ORDER_ID)));
        assertFalse(job.getParentSpanContext().isValid(), "a job is a trace of its own");
        assertEquals(1L, job.getAttributes().get(AttributeKey.longKey("attempt")));
        assertNotNull(job.getAttributes().get(AttributeKey.longKey("job_id")));
        List<SpanData> inJob = under(job);
        assertTrue(inJob.stream().anyMatch(span -> span.getName().equals("douyin after_sale_detail")
                && ("log-job-" + orderId).equals(span.getAttributes().get(LOG_ID))), inJob.toString());
        assertTrue(inJob.stream().anyMatch(TracingTest::isDatabase), "the job's statements: " + inJob);
    }

    @Test
    void aCallsJsonLogLinesCarryItsTraceAndSpanIds() throws Exception {
        SignedSpi call = SignedSpi.call();
        call.post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), uniqueId("cancel"), true, 21)).then().statusCode(200);
        SpanData spi = awaitSpan(span -> call.logId().equals(span.getAttributes().get(LOG_ID)));

        AtomicReference<List<JsonNode>> lines = new AtomicReference<>(List.of());
        Eventually.within(Duration.ofSeconds(5), () -> {
            lines.set(jsonLinesWith(LOG, call.logId()));
            assertTrue(lines.get().stream().anyMatch(l -> l.path("loggerName").asText().equals("aftersale.spi.access")),
                    "the access line is written");
        });
        for (JsonNode line : lines.get()) {
            assertEquals(spi.getTraceId(), line.path("mdc").path("traceId").asText(), line.toString());
            assertEquals(spi.getSpanId(), line.path("mdc").path("spanId").asText(), line.toString());
        }
    }

    /** The JSON lines of {@code log} that mention {@code text}. */
    static List<JsonNode> jsonLinesWith(Path log, String text) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new ArrayList<>();
        try {
            if (!Files.exists(log)) {
                return found;
            }
            for (String line : Files.readAllLines(log)) {
                if (line.contains(text)) {
                    found.add(json.readTree(line));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) throws InterruptedException {
        AtomicReference<SpanData> found = new AtomicReference<>();
        Eventually.within(Duration.ofSeconds(10), () -> {
            Optional<SpanData> span = exporter.getFinishedSpanItems().stream().filter(wanted).findFirst();
            assertTrue(span.isPresent(), "no such span among " + exporter.getFinishedSpanItems().size());
            found.set(span.get());
        });
        return found.get();
    }

    /** A span by its ids, once it has finished: a server span ends after its answer reached the client. */
    private SpanData span(String traceId, String spanId) throws InterruptedException {
        return awaitSpan(s -> s.getTraceId().equals(traceId) && s.getSpanId().equals(spanId));
    }

    /** Every finished span below {@code ancestor}, at any depth. */
    private List<SpanData> under(SpanData ancestor) {
        List<SpanData> trace = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(ancestor.getTraceId())).toList();
        List<SpanData> below = new ArrayList<>();
        for (SpanData span : trace) {
            String parent = span.getParentSpanId();
            for (int depth = 0; depth < 20 && parent != null; depth++) {
                if (parent.equals(ancestor.getSpanId())) {
                    below.add(span);
                    break;
                }
                String current = parent;
                parent = trace.stream().filter(s -> s.getSpanId().equals(current)).findFirst()
                        .map(SpanData::getParentSpanId).orElse(null);
            }
        }
        return below;
    }

    private static boolean isDatabase(SpanData span) {
        return span.getAttributes().asMap().keySet().stream().anyMatch(key -> key.getKey().startsWith("db."));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
