package com.provider.hotel.repository;

import com.provider.common.db.GroupCommit;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.spi.db.SpiDatabase;
import com.provider.douyin.spi.repository.InboxRepository;
import com.provider.hotel.config.CancellationWriteConfig;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.CancelOrderRequest;
import com.provider.hotel.model.Cancellation;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.model.RefundNight;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Hotel cancellations. A delivery is stored in one statement: the cancellation with its refund nights (unless
 * its cancel_id is already there: the primary key makes concurrent duplicates collapse into one row), and the
 * raw call in the inbox, marked HANDLED or DUPLICATE. One round trip on the common path, shared
 * with the deliveries that arrived at the same time (group commit).
 */
@ApplicationScoped
public class CancellationRepository {

    /**
     * One statement stores a whole group of deliveries (see {@link GroupCommit}): each cancellation with its
     * refund nights unless its cancel_id is already there, and every raw call in the inbox, marked
     * HANDLED for the first delivery or DUPLICATE. Items arrive as parallel arrays, one element per delivery.
     * A follower (a redelivery that waited for the statement storing its cancel_id) adds only its inbox row.
     * body_sha256 is computed by PostgreSQL from the raw body the inbox row stores anyway (hashing in the JVM
     * cost about 4 % of the event loops' time: C1 has no SHA intrinsic). Each delivery gets its inbox row's id
     * from the sequence in the first CTE (a CTE with a volatile function is computed once), so the result is
     * matched to deliveries by position even when several of them carry one cancel_id. For a DUPLICATE the
     * statement also returns the first delivery's answer and body digest, read in the same round trip; they
     * are null only when the first delivery committed while this statement ran (invisible to its snapshot).
     * The read is in a lateral subquery fenced by OFFSET 0, so its condition on the outcome is checked before
     * the index is: a first delivery costs no lookup.
     */
    private static final String INSERT = """
            WITH delivery AS (
                SELECT d.*, nextval('spi_inbox_id_seq') AS inbox_id
                FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
                    $7::text[], $8::text[], $9::bigint[], $10::integer[], $11::integer[], $12::boolean[],
                    $13::integer[], $14::boolean[], $15::integer[], $16::integer[], $17::text[], $18::integer[],
                    $19::integer[], $20::bigint[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[],
                    $26::text[], $27::bytea[], $28::text[], $29::boolean[])
                    WITH ORDINALITY AS d(cancel_id, order_id, order_out_id, refund_amount, user_refund_amount, penalty,
                        currency, cancel_reason, cancel_order_time_unix, cancel_type, biz_type, need_audit,
                        applicant_type, negotiate_refund, after_sale_type, refund_type, decided_status,
                        answer_cancel_mode, answer_cancel_result, answer_refund_fee_amount, answer_reason,
                        decision_rule, log_id, client_key, spi, query, body, refund_nights, follower, position)
            ), applied AS (
                INSERT INTO hotel_cancellation (cancel_id, order_id, order_out_id, refund_amount, user_refund_amount,
                    penalty, currency, cancel_reason, cancel_order_time_unix, cancel_type, biz_type, need_audit,
                    applicant_type, negotiate_refund, after_sale_type, refund_type, status, decided_status,
                    answer_cancel_mode, answer_cancel_result, answer_refund_fee_amount, answer_reason, decision_rule,
                    log_id, client_key, body_sha256, refund_nights)
                SELECT d.cancel_id, d.order_id, d.order_out_id, d.refund_amount, d.user_refund_amount, d.penalty,
                    d.currency, d.cancel_reason, d.cancel_order_time_unix, d.cancel_type, d.biz_type, d.need_audit,
                    d.applicant_type, d.negotiate_refund, d.after_sale_type, d.refund_type, d.decided_status,
                    d.decided_status, d.answer_cancel_mode, d.answer_cancel_result, d.answer_refund_fee_amount,
                    d.answer_reason, d.decision_rule, d.log_id, d.client_key, sha256(d.body), d.refund_nights::json
                FROM delivery d
                WHERE NOT d.follower
                ORDER BY d.position
                ON CONFLICT (cancel_id) DO NOTHING
                RETURNING cancel_id
            ), inbox AS (
            """ + InboxRepository.insertEachWithOutcomeOf("delivery", "cancel_id", "applied") + """
            )
            SELECT d.position, i.id, i.outcome, first.decided_status, first.answer_cancel_mode,
                   first.answer_cancel_result, first.answer_refund_fee_amount, first.answer_reason,
                   first.decision_rule, first.body_sha256
            FROM delivery d
            JOIN inbox i ON i.id = d.inbox_id
            LEFT JOIN LATERAL (
                SELECT * FROM hotel_cancellation c WHERE i.outcome = 'DUPLICATE' AND c.cancel_id = d.cancel_id OFFSET 0
            ) first ON true""";

    private static final String SELECT_ANSWER = """
            SELECT decided_status, answer_cancel_mode, answer_cancel_result, answer_refund_fee_amount, answer_reason,
                   decision_rule, body_sha256
            FROM hotel_cancellation WHERE cancel_id = $1""";

    private static final String COLUMNS = """
            cancel_id, order_id, status, order_out_id, refund_amount, user_refund_amount, penalty, currency,
            cancel_reason, cancel_order_time_unix, cancel_type, biz_type, need_audit, applicant_type, negotiate_refund,
            after_sale_type, refund_type, decided_status, answer_cancel_mode, answer_cancel_result,
            answer_refund_fee_amount, answer_reason, decision_rule, log_id, client_key, received_at, updated_at""";

    private static final String LIST = "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM hotel_cancellation"
            + " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR order_id = $2)"
            + " ORDER BY received_at DESC, cancel_id LIMIT $3 OFFSET $4";

    private static final String FIND = "SELECT " + COLUMNS + " FROM hotel_cancellation WHERE cancel_id = $1";

    // The deadline's index (hotel_cancellation_pending_idx) serves this order.
    private static final String PENDING_OLDEST_FIRST = "SELECT " + COLUMNS + " FROM hotel_cancellation"
            + " WHERE status = 'PENDING_AUDIT' ORDER BY received_at, cancel_id LIMIT $1";

    private static final String NIGHTS = """
            SELECT n.night ->> 'rate_plan_id' AS rate_plan_id,
                   (n.night ->> 'daily_refund_amount')::bigint AS daily_refund_amount,
                   n.night ->> 'period_start_date' AS period_start_date,
                   n.night ->> 'period_end_date' AS period_end_date,
                   n.night ->> 'period_start_time' AS period_start_time,
                   n.night ->> 'period_end_time' AS period_end_time
            FROM hotel_cancellation c, json_array_elements(c.refund_nights) WITH ORDINALITY AS n(night, line_no)
            WHERE c.cancel_id = $1 ORDER BY n.line_no""";

    private static final JsonFactory JSON = new JsonFactory();

    /** The SPI's own connections: storing deliveries and reading a redelivery's first answer. */
    private final Pool spiPool;
    /** Everything else (operator reads). */
    private final Pool pool;
    private final InboxRepository inbox;
    private final GroupCommit<Delivery, Written> writes;

    public CancellationRepository(@ReactiveDataSource(SpiDatabase.NAME) Pool spiPool, Pool pool,
            InboxRepository inbox, CancellationWriteConfig config, DouyinConfig douyin, MeterRegistry registry) {
        this.spiPool = spiPool;
        this.pool = pool;
        this.inbox = inbox;
        // A statement that takes half the SPI budget is stuck (a normal one takes milliseconds): its slot goes
        // to the deliveries queued behind it while they can still be answered in time. A redelivery that waits
        // for the statement storing its cancel_id follows it: then it only adds its inbox row.
        this.writes = new GroupCommit<>(this::insert,
                delivery -> delivery.follower() ? null : delivery.request().cancelId(),
                Delivery::asFollower,
                new GroupCommit.Limits(config.maxBatch(), config.maxInFlight(), config.maxQueued(),
                        douyin.spi().durabilityTimeout().dividedBy(2)),
                DistributionSummary.builder("aftersale.db.write.batch")
                        .description("Deliveries written per statement (group commit)")
                        .tag("table", "hotel_cancellation")
                        .register(registry));
        Gauge.builder("aftersale.db.write.waiting", writes, GroupCommit::waiting)
                .description("Deliveries waiting for a statement (group commit); at max-queued, more are answered 100")
                .tag("table", "hotel_cancellation")
                .register(registry);
    }

    /**
     * The outcome of storing one delivery, and the answer it must get (the first delivery's). For a redelivery,
     * also the SHA-256 of the first delivery's body; null for the first delivery.
     */
    public record Stored(long inboxId, boolean firstDelivery, CancelDecision answer, byte[] firstBodySha256) {
    }

    /**
     * One delivery to store: the call, its parsed request and the policy's decision for a first delivery. A
     * follower's cancel_id was committed by the statement before: it adds only its inbox row.
     */
    private record Delivery(SpiCall call, CancelOrderRequest request, CancelDecision decision, boolean follower) {
        Delivery asFollower() {
            return new Delivery(call, request, decision, true);
        }
    }

    /**
     * What storing one delivery did: its inbox row, whether it was the first delivery of its cancel_id, and for a
     * redelivery the first delivery's answer and body digest (null when its statement could not see them yet).
     */
    private record Written(long inboxId, boolean firstDelivery, CancelDecision firstAnswer, byte[] firstBodySha256) {
    }

    /**
     * Stores the cancellation with {@code decision} unless its cancel_id is known, and the raw call with it,
     * in one statement with whatever other deliveries are waiting. For a redelivery the answer is the one
     * stored with the first delivery.
     */
    public Uni<Stored> store(SpiCall call, CancelOrderRequest request, CancelDecision decision) {
        return writes.write(new Delivery(call, request, decision, false)).flatMap(written -> {
            if (written.firstDelivery()) {
                return Uni.createFrom().item(new Stored(written.inboxId(), true, decision, null));
            }
            if (written.firstAnswer() != null) {
                return Uni.createFrom().item(
                        new Stored(written.inboxId(), false, written.firstAnswer(), written.firstBodySha256()));
            }
            // The first delivery committed while our statement ran (another replica, or a statement that outlived
            // its time limit): a new statement sees it. This call's row is stored already; should this read fail,
            // the row is corrected to say error_code 100 (InboxRow), and no second row is written.
            return spiPool.preparedQuery(SELECT_ANSWER).execute(Tuple.of(request.cancelId()))
                    .map(answers -> {
                        Row first = answers.iterator().next();
                        return new Stored(written.inboxId(), false, toDecision(first),
                                first.getBuffer("body_sha256").getBytes());
                    });
        });
    }

    /**
     * Writes a group of deliveries (distinct cancel_ids, besides followers) in one statement; one result per
     * delivery, in order. Each committed inbox row is noted on its call before any caller is answered, and even
     * when the callers stopped waiting (see {@link InboxRepository#committed}).
     */
    private Uni<List<Written>> insert(List<Delivery> deliveries) {
        return spiPool.preparedQuery(INSERT).execute(bindInsert(deliveries)).map(rows -> {
            List<Written> written = new ArrayList<>(Collections.nCopies(deliveries.size(), null));
            for (Row row : rows) {
                int index = row.getLong("position").intValue() - 1;
                long inboxId = row.getLong("id");
                boolean first = InboxOutcome.HANDLED.name().equals(row.getString("outcome"));
                boolean answerRead = row.getString("decided_status") != null;
                written.set(index, new Written(inboxId, first, answerRead ? toDecision(row) : null,
                        answerRead ? row.getBuffer("body_sha256").getBytes() : null));
                inbox.committed(deliveries.get(index).call(), inboxId, 0);
            }
            return written;
        });
    }

    public Uni<PageResult<Cancellation>> list(CancellationStatus status, String orderId, PageRequest page) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.tuple().addString(status == null ? null : status.name()).addString(orderId)
                        .addInteger(page.size()).addLong(page.offset()))
                .map(rows -> {
                    List<Cancellation> items = new ArrayList<>(rows.size());
                    long total = 0;
                    for (Row row : rows) {
                        total = row.getLong("total");
                        items.add(toCancellation(row));
                    }
                    return new PageResult<>(items, page.page(), page.size(), total);
                });
    }

    /** Up to {@code limit} cancellations waiting for an operator, the one waiting longest first. */
    public Uni<List<Cancellation>> pendingOldestFirst(int limit) {
        return pool.preparedQuery(PENDING_OLDEST_FIRST).execute(Tuple.of(limit)).map(rows -> {
            List<Cancellation> items = new ArrayList<>(rows.size());
            rows.forEach(row -> items.add(toCancellation(row)));
            return items;
        });
    }

    /** One cancellation with its refund nights, and its first answer as the start of its history. */
    public Uni<Optional<Cancellation>> find(String cancelId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(cancelId)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(Optional.<Cancellation>empty());
            }
            Cancellation cancellation = toCancellation(rows.iterator().next());
            return pool.preparedQuery(NIGHTS).execute(Tuple.of(cancelId)).map(nightRows -> {
                List<RefundNight> nights = new ArrayList<>(nightRows.size());
                for (Row night : nightRows) {
                    nights.add(new RefundNight(night.getString("rate_plan_id"), night.getLong("daily_refund_amount"),
                            night.getString("period_start_date"), night.getString("period_end_date"),
                            night.getString("period_start_time"), night.getString("period_end_time")));
                }
                CancelDecision decision = cancellation.decision();
                List<Cancellation.HistoryEntry> history = List.of(new Cancellation.HistoryEntry(
                        cancellation.receivedAt(), decision.status().name(), "policy", decision.rule()));
                return Optional.of(cancellation.withDetails(nights, null, history));
            });
        });
    }

    private static Tuple bindInsert(List<Delivery> deliveries) {
        int n = deliveries.size();
        String[] cancelIds = new String[n], orderIds = new String[n], orderOutIds = new String[n];
        Long[] refundAmounts = new Long[n], userRefundAmounts = new Long[n], penalties = new Long[n];
        String[] currencies = new String[n], cancelReasons = new String[n];
        Long[] cancelOrderTimes = new Long[n];
        Integer[] cancelTypes = new Integer[n], bizTypes = new Integer[n];
        Boolean[] needAudits = new Boolean[n];
        Integer[] applicantTypes = new Integer[n];
        Boolean[] negotiateRefunds = new Boolean[n];
        Integer[] afterSaleTypes = new Integer[n], refundTypes = new Integer[n];
        String[] statuses = new String[n];
        Integer[] cancelModes = new Integer[n], cancelResults = new Integer[n];
        Long[] refundFees = new Long[n];
        String[] reasons = new String[n], rules = new String[n], logIds = new String[n], clientKeys = new String[n];
        String[] spis = new String[n], queries = new String[n];
        Buffer[] bodies = new Buffer[n];
        String[] refundNights = new String[n];
        Boolean[] followers = new Boolean[n];
        for (int i = 0; i < n; i++) {
            SpiCall call = deliveries.get(i).call();
            CancelOrderRequest r = deliveries.get(i).request();
            CancelDecision d = deliveries.get(i).decision();
            cancelIds[i] = r.cancelId();
            orderIds[i] = r.orderId();
            orderOutIds[i] = r.orderOutId();
            refundAmounts[i] = r.refundAmount();
            userRefundAmounts[i] = r.userRefundAmount();
            penalties[i] = r.penalty();
            currencies[i] = r.currency();
            cancelReasons[i] = r.cancelReason();
            cancelOrderTimes[i] = r.cancelOrderTimeUnix();
            cancelTypes[i] = r.cancelType();
            bizTypes[i] = r.bizType();
            needAudits[i] = r.needAudit();
            applicantTypes[i] = r.applicantType();
            negotiateRefunds[i] = r.negotiateRefund();
            afterSaleTypes[i] = r.afterSaleType();
            refundTypes[i] = r.refundType();
            statuses[i] = d.status().name();
            cancelModes[i] = d.cancelMode();
            cancelResults[i] = d.cancelResult();
            refundFees[i] = d.refundFeeAmount();
            reasons[i] = d.reason();
            rules[i] = d.rule();
            logIds[i] = call.logId();
            clientKeys[i] = call.clientKey();
            spis[i] = call.spi();
            queries[i] = call.rawQuery();
            bodies[i] = call.bodyBuffer();
            refundNights[i] = toJson(r.refundOrderDetail());
            followers[i] = deliveries.get(i).follower();
        }
        return Tuple.from(new Object[] {cancelIds, orderIds, orderOutIds, refundAmounts, userRefundAmounts,
                penalties, currencies, cancelReasons, cancelOrderTimes, cancelTypes, bizTypes, needAudits,
                applicantTypes, negotiateRefunds, afterSaleTypes, refundTypes, statuses, cancelModes, cancelResults,
                refundFees, reasons, rules, logIds, clientKeys, spis, queries, bodies, refundNights, followers});
    }

    /** The refund nights as the JSON array V6 stores: Douyin's field names, amounts as exact integers. */
    static String toJson(List<RefundNight> nights) {
        StringWriter json = new StringWriter(96 * nights.size() + 2);
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartArray();
            for (RefundNight night : nights) {
                out.writeStartObject();
                out.writeStringField("rate_plan_id", night.ratePlanId());
                out.writeNumberField("daily_refund_amount", night.dailyRefundAmount());
                out.writeStringField("period_start_date", night.periodStartDate());
                out.writeStringField("period_end_date", night.periodEndDate());
                out.writeStringField("period_start_time", night.periodStartTime());
                out.writeStringField("period_end_time", night.periodEndTime());
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return json.toString();
    }

    private static CancelDecision toDecision(Row row) {
        return new CancelDecision(
                CancellationStatus.valueOf(row.getString("decided_status")),
                row.getInteger("answer_cancel_mode"),
                row.getInteger("answer_cancel_result"),
                row.getLong("answer_refund_fee_amount"),
                row.getString("answer_reason"),
                row.getString("decision_rule"));
    }

    private static Cancellation toCancellation(Row row) {
        return new Cancellation(
                row.getString("cancel_id"),
                row.getString("order_id"),
                CancellationStatus.valueOf(row.getString("status")),
                row.getString("order_out_id"),
                row.getLong("refund_amount"),
                row.getLong("user_refund_amount"),
                row.getLong("penalty"),
                row.getString("currency"),
                row.getString("cancel_reason"),
                row.getLong("cancel_order_time_unix"),
                row.getInteger("cancel_type"),
                row.getInteger("biz_type"),
                row.getBoolean("need_audit"),
                row.getInteger("applicant_type"),
                row.getBoolean("negotiate_refund"),
                row.getInteger("after_sale_type"),
                row.getInteger("refund_type"),
                toDecision(row),
                row.getString("log_id"),
                row.getString("client_key"),
                row.getOffsetDateTime("received_at"),
                row.getOffsetDateTime("updated_at"),
                null,
                null,
                null);
    }
}
