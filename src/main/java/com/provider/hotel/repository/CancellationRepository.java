package com.provider.hotel.repository;

import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.repository.InboxRepository;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.CancelOrderRequest;
import com.provider.hotel.model.Cancellation;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.model.RefundNight;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Hotel cancellations. A delivery is stored in one statement: the cancellation (unless its cancel_id is
 * already there: the primary key makes concurrent duplicates collapse into one row), its refund nights,
 * and the raw call in the inbox, marked HANDLED or DUPLICATE. One round trip on the common path.
 */
@ApplicationScoped
public class CancellationRepository {

    private static final int CANCELLATION_PARAMETERS = 24;
    private static final int NIGHT_PARAMETERS = 6;
    private static final int FIRST_CALL_PARAMETER = CANCELLATION_PARAMETERS + NIGHT_PARAMETERS + 1;

    /**
     * body_sha256 is computed by PostgreSQL from the raw body the inbox row stores anyway: hashing it in the
     * JVM cost about 4 % of the event loops' time (C1 has no SHA intrinsic), PostgreSQL's is native.
     */
    private static final String INSERT = ("""
            WITH applied AS (
                INSERT INTO hotel_cancellation (cancel_id, order_id, order_out_id, refund_amount, user_refund_amount,
                    penalty, currency, cancel_reason, cancel_order_time_unix, cancel_type, biz_type, need_audit,
                    applicant_type, negotiate_refund, after_sale_type, refund_type, status, decided_status,
                    answer_cancel_mode, answer_cancel_result, answer_refund_fee_amount, answer_reason, decision_rule,
                    log_id, client_key, body_sha256)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17,
                    $18, $19, $20, $21, $22, $23, $24, sha256($%d))
                ON CONFLICT (cancel_id) DO NOTHING
                RETURNING cancel_id
            ), nights AS (
                INSERT INTO hotel_cancellation_night (cancel_id, line_no, rate_plan_id, daily_refund_amount,
                    period_start_date, period_end_date, period_start_time, period_end_time)
                SELECT applied.cancel_id, n.line_no, n.rate_plan_id, n.daily_refund_amount,
                    n.period_start_date, n.period_end_date, n.period_start_time, n.period_end_time
                FROM applied CROSS JOIN unnest($25::text[], $26::bigint[], $27::text[], $28::text[], $29::text[],
                    $30::text[]) WITH ORDINALITY AS n(rate_plan_id, daily_refund_amount, period_start_date,
                    period_end_date, period_start_time, period_end_time, line_no)
            ), inbox AS (
            """ + InboxRepository.insertWithOutcomeOf("applied", FIRST_CALL_PARAMETER) + """
            )
            SELECT id, outcome FROM inbox""").formatted(FIRST_CALL_PARAMETER + InboxRepository.BODY_PARAMETER);

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

    private static final String NIGHTS = """
            SELECT rate_plan_id, daily_refund_amount, period_start_date, period_end_date, period_start_time,
                   period_end_time
            FROM hotel_cancellation_night WHERE cancel_id = $1 ORDER BY line_no""";

    private final Pool pool;

    public CancellationRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The outcome of storing one delivery, and the answer it must get (the first delivery's). For a redelivery,
     * also the SHA-256 of the first delivery's body; null for the first delivery.
     */
    public record Stored(long inboxId, boolean firstDelivery, CancelDecision answer, byte[] firstBodySha256) {
    }

    /**
     * Stores the cancellation with {@code decision} unless its cancel_id is known, and the raw call with it.
     * For a redelivery the answer is the one stored with the first delivery.
     */
    public Uni<Stored> store(SpiCall call, CancelOrderRequest request, CancelDecision decision) {
        return pool.preparedQuery(INSERT).execute(bindInsert(call, request, decision))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    long inboxId = row.getLong("id");
                    if (InboxOutcome.HANDLED.name().equals(row.getString("outcome"))) {
                        return Uni.createFrom().item(new Stored(inboxId, true, decision, null));
                    }
                    // A new statement sees the first delivery's row even if it committed while ours ran.
                    return pool.preparedQuery(SELECT_ANSWER).execute(Tuple.of(request.cancelId()))
                            .map(answers -> {
                                Row first = answers.iterator().next();
                                return new Stored(inboxId, false, toDecision(first),
                                        first.getBuffer("body_sha256").getBytes());
                            });
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

    private static Tuple bindInsert(SpiCall call, CancelOrderRequest r, CancelDecision d) {
        List<Object> values = new ArrayList<>(CANCELLATION_PARAMETERS + NIGHT_PARAMETERS);
        values.addAll(Arrays.asList(r.cancelId(), r.orderId(), r.orderOutId(), r.refundAmount(),
                r.userRefundAmount(), r.penalty(), r.currency(), r.cancelReason(), r.cancelOrderTimeUnix(),
                r.cancelType(), r.bizType(), r.needAudit(), r.applicantType(), r.negotiateRefund(),
                r.afterSaleType(), r.refundType(), d.status().name(), d.cancelMode(), d.cancelResult(),
                d.refundFeeAmount(), d.reason(), d.rule(), call.logId(), call.clientKey()));
        List<RefundNight> nights = r.refundOrderDetail();
        int n = nights.size();
        String[] ratePlans = new String[n];
        Long[] amounts = new Long[n];
        String[] startDates = new String[n];
        String[] endDates = new String[n];
        String[] startTimes = new String[n];
        String[] endTimes = new String[n];
        for (int i = 0; i < n; i++) {
            RefundNight night = nights.get(i);
            ratePlans[i] = night.ratePlanId();
            amounts[i] = night.dailyRefundAmount();
            startDates[i] = night.periodStartDate();
            endDates[i] = night.periodEndDate();
            startTimes[i] = night.periodStartTime();
            endTimes[i] = night.periodEndTime();
        }
        values.addAll(Arrays.asList(ratePlans, amounts, startDates, endDates, startTimes, endTimes));
        return InboxRepository.bindCall(Tuple.from(values), call, r.cancelId());
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
