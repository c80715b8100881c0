package com.provider.aftersale.repository;

import com.provider.aftersale.model.AfterSaleOrder;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * After-sale orders from the detail API, upserted by after_sale_id with their refund lines and times-card
 * serial numbers, one transaction per answer. Every number is bound and read as a 64-bit integer.
 */
@ApplicationScoped
public class AfterSaleRepository {

    /** Columns written from the answer, in bind order ($1..). */
    private static final List<String> ORDER_COLUMNS = List.of("after_sale_id", "order_id", "account_id",
            "out_biz_after_sale_id", "out_refund_payment_id", "merchant_account_id", "status", "refund_type",
            "order_type", "trade_type", "audit_result", "audit_time", "create_time", "update_time", "complete_time",
            "reason_codes", "reason_desc", "show_reason_codes", "show_reason_msgs", "reject_reason", "refund_amount",
            "user_refund_amount", "market_refund_amount", "deduct_fee_amount", "user_deduct_fee_amount",
            "market_deduct_fee_amount", "total_refund_amount", "real_refund_amount", "platform_log_id");

    // A snapshot older than the stored one (by Douyin's update_time) does not overwrite it: two syncs of the
    // same order may finish out of order. The row lock taken here also serialises concurrent syncs of it.
    private static final String UPSERT_ORDER = "INSERT INTO after_sale_order (" + String.join(", ", ORDER_COLUMNS)
            + ") VALUES (" + IntStream.rangeClosed(1, ORDER_COLUMNS.size()).mapToObj(i -> "$" + i)
            .collect(Collectors.joining(", ")) + ")"
            + " ON CONFLICT (after_sale_id) DO UPDATE SET (" + String.join(", ", ORDER_COLUMNS.subList(1, ORDER_COLUMNS.size()))
            + ", last_synced_at) = (" + ORDER_COLUMNS.subList(1, ORDER_COLUMNS.size()).stream()
            .map(c -> "EXCLUDED." + c).collect(Collectors.joining(", ")) + ", now())"
            + " WHERE after_sale_order.update_time IS NULL OR EXCLUDED.update_time IS NULL"
            + " OR EXCLUDED.update_time >= after_sale_order.update_time"
            + " RETURNING after_sale_id";

    private static final String DELETE_LINES = "DELETE FROM after_sale_refund WHERE after_sale_id = $1";

    private static final String INSERT_LINES = """
            INSERT INTO after_sale_refund (after_sale_id, line_no, refund_id, certificate_id, code, order_item_id,
                refund_status, is_verified, refund_amount, user_refund_amount, market_refund_amount,
                deduct_fee_amount, user_deduct_fee_amount, market_deduct_fee_amount, total_refund_amount,
                real_refund_amount, apply_time, create_time, update_time, complete_time)
            SELECT $1, l.line_no, l.refund_id, l.certificate_id, l.code, l.order_item_id, l.refund_status, l.is_verified,
                l.refund_amount, l.user_refund_amount, l.market_refund_amount, l.deduct_fee_amount,
                l.user_deduct_fee_amount, l.market_deduct_fee_amount, l.total_refund_amount, l.real_refund_amount,
                l.apply_time, l.create_time, l.update_time, l.complete_time
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::boolean[], $8::bigint[],
                $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[],
                $16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[]) WITH ORDINALITY
                AS l(refund_id, certificate_id, code, order_item_id, refund_status, is_verified, refund_amount,
                user_refund_amount, market_refund_amount, deduct_fee_amount, user_deduct_fee_amount,
                market_deduct_fee_amount, total_refund_amount, real_refund_amount, apply_time, create_time,
                update_time, complete_time, line_no)""";

    private static final String INSERT_TIMES_CARDS = """
            INSERT INTO after_sale_refund_times_card (after_sale_id, line_no, entry_no, serial_number)
            SELECT $1, t.line_no, t.entry_no, t.serial_number
            FROM unnest($2::integer[], $3::integer[], $4::bigint[]) AS t(line_no, entry_no, serial_number)""";

    private static final String SELECT_ORDERS = """
            SELECT o.*, count(*) OVER () AS total FROM after_sale_order o
            WHERE ($1::text IS NULL OR o.order_id = $1)
              AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM after_sale_refund r
                                               WHERE r.after_sale_id = o.after_sale_id AND r.certificate_id = $2))
            ORDER BY o.last_synced_at DESC, o.after_sale_id
            LIMIT $3 OFFSET $4""";

    private static final String SELECT_ORDERS_BY_ID = """
            SELECT o.*, 0::bigint AS total FROM after_sale_order o WHERE o.after_sale_id = ANY($1::text[])
            ORDER BY o.after_sale_id""";

    private static final String SELECT_LINES = """
            SELECT r.*,
                   (SELECT array_agg(t.serial_number ORDER BY t.entry_no) FROM after_sale_refund_times_card t
                    WHERE t.after_sale_id = r.after_sale_id AND t.line_no = r.line_no) AS serial_numbers
            FROM after_sale_refund r WHERE r.after_sale_id = ANY($1::text[])
            ORDER BY r.after_sale_id, r.line_no""";

    private final Pool pool;

    public AfterSaleRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores every order of one answer; returns their after_sale_ids in answer order. */
    public Uni<List<String>> store(String accountId, String platformLogId, List<AfterSaleDetailResponse.Order> orders) {
        List<AfterSaleDetailResponse.Order> valid = orders.stream()
                .filter(o -> o.afterSaleId() != null && !o.afterSaleId().isBlank() && o.orderId() != null)
                .toList();
        if (valid.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Rows are locked in after_sale_id order, so two syncs storing overlapping answers cannot deadlock.
        List<AfterSaleDetailResponse.Order> inLockOrder = valid.stream()
                .sorted(Comparator.comparing(AfterSaleDetailResponse.Order::afterSaleId)).toList();
        return pool.withTransaction(connection -> Multi.createFrom().iterable(inLockOrder)
                .onItem().transformToUniAndConcatenate(order -> storeOne(connection, accountId, platformLogId, order))
                .collect().asList()
                .replaceWith(valid.stream().map(AfterSaleDetailResponse.Order::afterSaleId).distinct().toList()));
    }

    private Uni<Void> storeOne(SqlConnection connection, String accountId, String logId,
                               AfterSaleDetailResponse.Order order) {
        return connection.preparedQuery(UPSERT_ORDER).execute(bindOrder(accountId, logId, order)).flatMap(applied -> {
            if (applied.rowCount() == 0) {
                return Uni.createFrom().voidItem(); // older snapshot: the stored one stays, lines included
            }
            List<AfterSaleDetailResponse.RefundInfo> lines = order.refundInfoList() == null
                    ? List.of() : order.refundInfoList();
            return connection.preparedQuery(DELETE_LINES).execute(Tuple.of(order.afterSaleId()))
                    .chain(() -> connection.preparedQuery(INSERT_LINES).execute(bindLines(order.afterSaleId(), lines)))
                    .chain(() -> connection.preparedQuery(INSERT_TIMES_CARDS)
                            .execute(bindTimesCards(order.afterSaleId(), lines)))
                    .replaceWithVoid();
        });
    }

    public Uni<PageResult<AfterSaleOrder>> list(String orderId, String certificateId, PageRequest page) {
        Tuple tuple = Tuple.tuple().addString(orderId).addString(certificateId).addInteger(page.size())
                .addLong(page.offset());
        return pool.preparedQuery(SELECT_ORDERS).execute(tuple).flatMap(this::withLines).map(found -> {
            long total = found.isEmpty() ? 0 : found.get(0).total();
            return new PageResult<>(found.stream().map(Found::order).toList(), page.page(), page.size(), total);
        });
    }

    /** The stored orders with these ids, in the order given. */
    public Uni<List<AfterSaleOrder>> findAll(List<String> afterSaleIds) {
        if (afterSaleIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(SELECT_ORDERS_BY_ID).execute(Tuple.of(afterSaleIds.toArray(String[]::new)))
                .flatMap(this::withLines)
                .map(found -> {
                    Map<String, AfterSaleOrder> byId = found.stream().map(Found::order)
                            .collect(Collectors.toMap(AfterSaleOrder::afterSaleId, o -> o));
                    return afterSaleIds.stream().map(byId::get).filter(o -> o != null).toList();
                });
    }

    private record Found(AfterSaleOrder order, long total) {
    }

    private Uni<List<Found>> withLines(RowSet<Row> rows) {
        Map<String, Found> orders = new LinkedHashMap<>();
        for (Row row : rows) {
            orders.put(row.getString("after_sale_id"), new Found(toOrder(row), row.getLong("total")));
        }
        if (orders.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(SELECT_LINES).execute(Tuple.of(orders.keySet().toArray(String[]::new)))
                .map(lineRows -> {
                    Map<String, List<AfterSaleDetailResponse.RefundInfo>> lines = new LinkedHashMap<>();
                    for (Row line : lineRows) {
                        lines.computeIfAbsent(line.getString("after_sale_id"), id -> new ArrayList<>())
                                .add(toLine(line));
                    }
                    return orders.values().stream()
                            .map(f -> new Found(f.order().withRefundLines(
                                    lines.getOrDefault(f.order().afterSaleId(), List.of())), f.total()))
                            .toList();
                });
    }

    private static Tuple bindOrder(String accountId, String logId, AfterSaleDetailResponse.Order o) {
        AfterSaleDetailResponse.Reason reason = o.reason();
        List<AfterSaleDetailResponse.ShowReason> show = reason == null || reason.showReason() == null
                ? null : reason.showReason();
        List<Object> values = Arrays.asList(o.afterSaleId(), o.orderId(), accountId, o.outBizAfterSaleId(),
                o.outRefundPaymentId(), o.merchantAccountId(), o.status(), o.refundType(), o.orderType(),
                o.tradeType(), o.auditResult(), o.auditTime(), o.createTime(), o.updateTime(), o.completeTime(),
                reason == null || reason.reasonCode() == null ? null : reason.reasonCode().toArray(Long[]::new),
                reason == null ? null : reason.desc(),
                show == null ? null : show.stream().map(AfterSaleDetailResponse.ShowReason::reasonCode)
                        .toArray(Long[]::new),
                show == null ? null : show.stream().map(AfterSaleDetailResponse.ShowReason::msg).toArray(String[]::new),
                o.rejectReason(), o.refundAmount(), o.userRefundAmount(), o.marketRefundAmount(), o.deductFeeAmount(),
                o.userDeductFeeAmount(), o.marketDeductFeeAmount(), o.totalRefundAmount(), o.realRefundAmount(), logId);
        return Tuple.from(values);
    }

    private static Tuple bindLines(String afterSaleId, List<AfterSaleDetailResponse.RefundInfo> lines) {
        Tuple tuple = Tuple.tuple().addString(afterSaleId);
        tuple.addArrayOfString(lines.stream().map(AfterSaleDetailResponse.RefundInfo::refundId).toArray(String[]::new));
        tuple.addArrayOfString(lines.stream().map(AfterSaleDetailResponse.RefundInfo::certificateId).toArray(String[]::new));
        tuple.addArrayOfString(lines.stream().map(AfterSaleDetailResponse.RefundInfo::code).toArray(String[]::new));
        tuple.addArrayOfString(lines.stream().map(AfterSaleDetailResponse.RefundInfo::orderItemId).toArray(String[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::refundStatus).toArray(Long[]::new));
        tuple.addArrayOfBoolean(lines.stream().map(AfterSaleDetailResponse.RefundInfo::isVerified).toArray(Boolean[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::refundAmount).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::userRefundAmount).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::marketRefundAmount).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::deductFeeAmount).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::userDeductFeeAmount).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::marketDeductFeeAmount).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::totalRefundAmount).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::realRefundAmount).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::applyTime).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::createTime).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::updateTime).toArray(Long[]::new));
        tuple.addArrayOfLong(lines.stream().map(AfterSaleDetailResponse.RefundInfo::completeTime).toArray(Long[]::new));
        return tuple;
    }

    private static Tuple bindTimesCards(String afterSaleId, List<AfterSaleDetailResponse.RefundInfo> lines) {
        List<Integer> lineNos = new ArrayList<>();
        List<Integer> entryNos = new ArrayList<>();
        List<Long> serials = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<AfterSaleDetailResponse.TimesCardRefund> cards = lines.get(i).timesCardRefundInfoList();
            if (cards == null) {
                continue;
            }
            for (int j = 0; j < cards.size(); j++) {
                lineNos.add(i + 1); // WITH ORDINALITY numbers lines from 1
                entryNos.add(j + 1);
                serials.add(cards.get(j) == null ? null : cards.get(j).serialNumber());
            }
        }
        return Tuple.tuple().addString(afterSaleId).addArrayOfInteger(lineNos.toArray(Integer[]::new))
                .addArrayOfInteger(entryNos.toArray(Integer[]::new)).addArrayOfLong(serials.toArray(Long[]::new));
    }

    private static AfterSaleOrder toOrder(Row row) {
        Long[] reasonCodes = row.getArrayOfLongs("reason_codes");
        String reasonDesc = row.getString("reason_desc");
        Long[] showCodes = row.getArrayOfLongs("show_reason_codes");
        String[] showMsgs = row.getArrayOfStrings("show_reason_msgs");
        AfterSaleDetailResponse.Reason reason = null;
        if (reasonCodes != null || reasonDesc != null || showCodes != null) {
            List<AfterSaleDetailResponse.ShowReason> show = null;
            if (showCodes != null) {
                show = new ArrayList<>(showCodes.length);
                for (int i = 0; i < showCodes.length; i++) {
                    show.add(new AfterSaleDetailResponse.ShowReason(showCodes[i],
                            showMsgs != null && i < showMsgs.length ? showMsgs[i] : null));
                }
            }
            reason = new AfterSaleDetailResponse.Reason(reasonCodes == null ? null : Arrays.asList(reasonCodes), reasonDesc, show);
        }
        return new AfterSaleOrder(
                row.getString("after_sale_id"),
                row.getString("order_id"),
                row.getString("account_id"),
                row.getString("out_biz_after_sale_id"),
                row.getString("out_refund_payment_id"),
                row.getLong("merchant_account_id"),
                row.getLong("status"),
                row.getLong("refund_type"),
                row.getLong("order_type"),
                row.getLong("trade_type"),
                row.getString("audit_result"),
                row.getLong("audit_time"),
                row.getLong("create_time"),
                row.getLong("update_time"),
                row.getLong("complete_time"),
                reason,
                row.getString("reject_reason"),
                row.getLong("refund_amount"),
                row.getLong("user_refund_amount"),
                row.getLong("market_refund_amount"),
                row.getLong("deduct_fee_amount"),
                row.getLong("user_deduct_fee_amount"),
                row.getLong("market_deduct_fee_amount"),
                row.getLong("total_refund_amount"),
                row.getLong("real_refund_amount"),
                row.getString("platform_log_id"),
                row.getOffsetDateTime("first_synced_at"),
                row.getOffsetDateTime("last_synced_at"),
                List.of());
    }

    private static AfterSaleDetailResponse.RefundInfo toLine(Row row) {
        Long[] serials = row.getArrayOfLongs("serial_numbers");
        List<AfterSaleDetailResponse.TimesCardRefund> cards = serials == null ? Collections.emptyList()
                : Arrays.stream(serials).map(AfterSaleDetailResponse.TimesCardRefund::new).toList();
        return new AfterSaleDetailResponse.RefundInfo(
                row.getString("refund_id"),
                row.getString("certificate_id"),
                row.getString("code"),
                row.getString("order_item_id"),
                row.getLong("refund_status"),
                row.getBoolean("is_verified"),
                row.getLong("refund_amount"),
                row.getLong("user_refund_amount"),
                row.getLong("market_refund_amount"),
                row.getLong("deduct_fee_amount"),
                row.getLong("user_deduct_fee_amount"),
                row.getLong("market_deduct_fee_amount"),
                row.getLong("total_refund_amount"),
                row.getLong("real_refund_amount"),
                row.getLong("apply_time"),
                row.getLong("create_time"),
                row.getLong("update_time"),
                row.getLong("complete_time"),
                cards);
    }
}
