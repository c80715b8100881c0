package com.provider.hotel.repository;

import com.provider.common.db.GroupCommit;
import com.provider.common.db.JsonRecords;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.spi.db.SpiDatabase;
import com.provider.douyin.spi.repository.InboxStore;
import com.provider.hotel.config.CancellationWriteConfig;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.CancelOrderRequest;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.model.RefundNight;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stores hotel cancellations as Douyin delivers them (operators read them through {@link CancellationRepository}).
 * A delivery is stored in one statement: the cancellation with its refund nights (unless
 * its cancel_id is already there: the primary key makes concurrent duplicates collapse into one row), and the
 * raw call in the inbox, marked HANDLED or DUPLICATE. One round trip on the common path, shared
 * with the deliveries that arrived at the same time (group commit).
 */
@ApplicationScoped
public class CancellationStore {

    /**
     * One statement stores a whole group of deliveries (see {@link GroupCommit}): each cancellation with its
     * refund nights unless its cancel_id is already there, and every raw call in the inbox, marked HANDLED for the
     * first delivery or DUPLICATE. SQL, not entities: one round trip and one commit for a whole group, idempotent by
     * the primary key (ON CONFLICT DO NOTHING), which is what lets the SPI keep Douyin's 3 s under load.
     * <p>
     * $1 is a JSON array with one record per delivery, its fields named like the columns they fill (bound by name,
     * see {@link #bindInsert}); $2 the raw bodies, binary, the n-th for the record whose {@code position} is n. A
     * follower (a redelivery that waited for the statement storing its cancel_id) adds only its inbox row.
     * body_sha256 is computed by PostgreSQL from the raw body the inbox row stores anyway (hashing in the JVM cost
     * about 4 % of the event loops' time: C1 has no SHA intrinsic). Each delivery gets its inbox row's id from the
     * sequence in the first CTE (a CTE with a volatile function is computed once), so the result is matched to
     * deliveries by position even when several of them carry one cancel_id. For a DUPLICATE the statement also
     * returns the first delivery's answer and body digest, read in the same round trip; they are null only when
     * the first delivery committed while this statement ran (invisible to its snapshot). The read is in a lateral
     * subquery fenced by OFFSET 0, so its condition on the outcome is checked before the index is: a first delivery
     * costs no lookup.
     */
    private static final String INSERT = """
            WITH delivery AS (
                SELECT d.*, ($2::bytea[])[d.position] AS body, nextval('spi_inbox_id_seq') AS inbox_id
                FROM json_to_recordset($1::text::json) AS d(position integer, follower boolean, cancel_id text,
                    order_id text, order_out_id text, refund_amount bigint, user_refund_amount bigint, penalty bigint,
                    currency text, cancel_reason text, cancel_order_time_unix bigint, cancel_type integer,
                    biz_type integer, need_audit boolean, applicant_type integer, negotiate_refund boolean,
                    after_sale_type integer, refund_type integer, refund_nights json, decided_status text,
                    answer_cancel_mode integer, answer_cancel_result integer, answer_refund_fee_amount bigint,
                    answer_reason text, decision_rule text, spi text, log_id text, client_key text, query text)
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
                    d.answer_reason, d.decision_rule, d.log_id, d.client_key, sha256(d.body), d.refund_nights
                FROM delivery d
                WHERE NOT d.follower
                ORDER BY d.position
                ON CONFLICT (cancel_id) DO NOTHING
                RETURNING cancel_id
            ), inbox AS (
                INSERT INTO spi_inbox (id, spi, log_id, client_key, query, body, business_key, outcome, http_status,
                    error_code) OVERRIDING SYSTEM VALUE
                SELECT d.inbox_id, d.spi, d.log_id, d.client_key, d.query, d.body, d.cancel_id,
                    CASE WHEN a.cancel_id IS NULL THEN 'DUPLICATE' ELSE 'HANDLED' END, 200, 0
                FROM delivery d LEFT JOIN applied a USING (cancel_id)
                ORDER BY d.position
                RETURNING id, outcome
            )
            SELECT d.position, i.id, i.outcome, first.decided_status, first.answer_cancel_mode,
                   first.answer_cancel_result, first.answer_refund_fee_amount, first.answer_reason,
                   first.decision_rule, first.body_sha256
            FROM delivery d
            JOIN inbox i ON i.id = d.inbox_id
            LEFT JOIN LATERAL (
                SELECT * FROM hotel_cancellation c WHERE i.outcome = 'DUPLICATE' AND c.cancel_id = d.cancel_id OFFSET 0
            ) first ON true""";

    // A redelivery whose first delivery committed while its own statement ran: a new statement sees it. SQL on the
    // SPI's pool, beside the statement above, because the SPI path never waits for the background pool.
    private static final String SELECT_ANSWER = """
            SELECT decided_status, answer_cancel_mode, answer_cancel_result, answer_refund_fee_amount, answer_reason,
                   decision_rule, body_sha256
            FROM hotel_cancellation WHERE cancel_id = $1""";

    /** The SPI's own connections: storing deliveries and reading a redelivery's first answer. */
    private final Pool spiPool;
    private final InboxStore inbox;
    private final GroupCommit<Delivery, Written> writes;

    public CancellationStore(@ReactiveDataSource(SpiDatabase.NAME) Pool spiPool, InboxStore inbox, CancellationWriteConfig config, DouyinConfig douyin, MeterRegistry registry) {
        this.spiPool = spiPool;
        this.inbox = inbox;
        // A statement that takes half the SPI budget is stuck (a normal one takes milliseconds): its slot goes
        // to the deliveries queued behind it while they can still be answered in time. A redelivery that waits
        // for the statement storing its cancel_id follows it: then it only adds its inbox row.
        this.writes = GroupCommit.metered("hotel_cancellation", this::insert,
                delivery -> delivery.follower() ? null : delivery.request().cancelId(), Delivery::asFollower,
                config, douyin.spi().durabilityTimeout().dividedBy(2), registry);
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
     * when the callers stopped waiting (see {@link InboxStore#committed}).
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

    /**
     * The statement's two parameters: the deliveries as a JSON array of records named like the statement's columns,
     * and their raw bodies, binary, in the same order (a body is bytes as received, and stays bytes).
     */
    private static Tuple bindInsert(List<Delivery> deliveries) {
        int n = deliveries.size();
        JsonRecords records = JsonRecords.array(640 * n);
        Buffer[] bodies = new Buffer[n];
        for (int i = 0; i < n; i++) {
            Delivery delivery = deliveries.get(i);
            SpiCall call = delivery.call();
            CancelOrderRequest r = delivery.request();
            CancelDecision d = delivery.decision();
            records.startRecord()
                    .number("position", i + 1)
                    .bool("follower", delivery.follower())
                    .string("cancel_id", r.cancelId())
                    .string("order_id", r.orderId())
                    .string("order_out_id", r.orderOutId())
                    .number("refund_amount", r.refundAmount())
                    .number("user_refund_amount", r.userRefundAmount())
                    .number("penalty", r.penalty())
                    .string("currency", r.currency())
                    .string("cancel_reason", r.cancelReason())
                    .number("cancel_order_time_unix", r.cancelOrderTimeUnix())
                    .number("cancel_type", r.cancelType())
                    .number("biz_type", r.bizType())
                    .bool("need_audit", r.needAudit())
                    .number("applicant_type", r.applicantType())
                    .bool("negotiate_refund", r.negotiateRefund())
                    .number("after_sale_type", r.afterSaleType())
                    .number("refund_type", r.refundType());
            // refund_order_detail, as the JSON array V6 stores: Douyin's field names, amounts as exact integers
            records.startArray("refund_nights");
            for (RefundNight night : r.refundOrderDetail()) {
                records.startRecord()
                        .string("rate_plan_id", night.ratePlanId())
                        .number("daily_refund_amount", night.dailyRefundAmount())
                        .string("period_start_date", night.periodStartDate())
                        .string("period_end_date", night.periodEndDate())
                        .string("period_start_time", night.periodStartTime())
                        .string("period_end_time", night.periodEndTime())
                        .endRecord();
            }
            records.endArray()
                    .string("decided_status", d.status().name())
                    .number("answer_cancel_mode", d.cancelMode())
                    .number("answer_cancel_result", d.cancelResult())
                    .number("answer_refund_fee_amount", d.refundFeeAmount())
                    .string("answer_reason", d.reason())
                    .string("decision_rule", d.rule())
                    .string("spi", call.spi())
                    .string("log_id", call.logId())
                    .string("client_key", call.clientKey())
                    .string("query", call.rawQuery())
                    .endRecord();
            bodies[i] = call.bodyBuffer();
        }
        return Tuple.of(records.end(), bodies);
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
}
