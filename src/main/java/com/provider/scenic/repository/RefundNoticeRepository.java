package com.provider.scenic.repository;

import com.provider.aftersale.repository.SyncJobRepository;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.repository.InboxRepository;
import com.provider.scenic.model.RefundAuditNotice;
import com.provider.scenic.model.RefundAuditNotice.CertificateNotice;
import com.provider.scenic.model.RefundAuditNotice.SubItem;
import com.provider.scenic.model.StoredRefundNotice;
import com.provider.scenic.model.StoredRefundNotice.StoredSubItem;
import com.provider.douyin.spi.db.SpiDatabase;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenic refund audit notices. A call is stored in one statement: every certificate notice not seen before
 * (by its natural key, see V2 migration), their sub-items, a whole-order after-sale detail sync job (a
 * certificate-scoped one could replace the refund lines other certificates of a shared after-sale order own) through
 * the app the notice came in through, and the raw call in the inbox, HANDLED when at least one notice was new, DUPLICATE
 * when all of them were already there. A notice is never kept without its sync queued, nor the reverse.
 */
@ApplicationScoped
public class RefundNoticeRepository {

    private static final int NOTICE_PARAMETERS = 18;
    private static final int SUB_ITEM_PARAMETERS = 8;

    private static final String INSERT = """
            WITH incoming AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
                    $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::int[], $13::text[])
                    AS n(notice_key, certificate_id, code, total_count, verify_count, refund_count, origin_amount,
                         refund_amount, deduct_fee_amount, apply_time, audit_time, audit_result, voucher)
            ), applied AS (
                INSERT INTO scenic_refund_notice (notice_key, order_id, after_sale_id, after_sale_type, certificate_id,
                    code, total_count, verify_count, refund_count, origin_amount, refund_amount, deduct_fee_amount,
                    apply_time, audit_time, audit_result, voucher, log_id, client_key)
                SELECT n.notice_key, $14, $15, $16, n.certificate_id, n.code, n.total_count, n.verify_count,
                    n.refund_count, n.origin_amount, n.refund_amount, n.deduct_fee_amount, n.apply_time, n.audit_time,
                    n.audit_result, n.voucher, $17, $18
                FROM incoming n
                ON CONFLICT (notice_key) DO NOTHING
                RETURNING id, notice_key, order_id, certificate_id, client_key
            ), sync_jobs AS (
            """ + SyncJobRepository.enqueueFromCte("applied", "order_id", "NULL", "client_key",
            SyncJobRepository.SOURCE_SCENIC_NOTICE) + """
            ), sub_items AS (
                INSERT INTO scenic_refund_notice_sub_item (notice_id, line_no, sub_item_id, origin_amount,
                    refund_amount, marketing_amount, user_amount, deduct_fee_amount)
                SELECT applied.id, s.line_no, s.sub_item_id, s.origin_amount, s.refund_amount, s.marketing_amount,
                    s.user_amount, s.deduct_fee_amount
                FROM unnest($19::text[], $20::int[], $21::text[], $22::bigint[], $23::bigint[], $24::bigint[],
                    $25::bigint[], $26::bigint[])
                    AS s(notice_key, line_no, sub_item_id, origin_amount, refund_amount, marketing_amount,
                         user_amount, deduct_fee_amount)
                JOIN applied ON applied.notice_key = s.notice_key
            ), inbox AS (
            """ + InboxRepository.insertWithOutcomeOf("applied", NOTICE_PARAMETERS + SUB_ITEM_PARAMETERS + 1) + """
            )
            SELECT id, outcome FROM inbox""";

    private static final String LIST = """
            SELECT id, order_id, after_sale_id, after_sale_type, certificate_id, code, total_count, verify_count,
                   refund_count, origin_amount, refund_amount, deduct_fee_amount, apply_time, audit_time, audit_result,
                   voucher, log_id, client_key, received_at, count(*) OVER () AS total
            FROM scenic_refund_notice
            WHERE ($1::text IS NULL OR order_id = $1)
            ORDER BY id DESC
            LIMIT $2 OFFSET $3""";

    private static final String SUB_ITEMS = """
            SELECT notice_id, sub_item_id, origin_amount, refund_amount, marketing_amount, user_amount,
                   deduct_fee_amount
            FROM scenic_refund_notice_sub_item WHERE notice_id = ANY($1) ORDER BY notice_id, line_no""";

    /** The SPI's own connections: storing notices. */
    private final Pool spiPool;
    /** Everything else (operator reads). */
    private final Pool pool;
    private final InboxRepository inbox;

    public RefundNoticeRepository(@ReactiveDataSource(SpiDatabase.NAME) Pool spiPool, Pool pool,
            InboxRepository inbox) {
        this.spiPool = spiPool;
        this.pool = pool;
        this.inbox = inbox;
    }

    /** Stores the notices not seen before and the raw call; tells whether anything was new. */
    public Uni<InboxOutcome> store(SpiCall call, RefundAuditNotice notice) {
        return inbox.storing(call, 0, spiPool.preparedQuery(INSERT).execute(bind(call, notice)))
                .map(rows -> InboxOutcome.valueOf(rows.iterator().next().getString("outcome")));
    }

    public Uni<PageResult<StoredRefundNotice>> list(String orderId, PageRequest page) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.tuple().addString(orderId).addInteger(page.size()).addLong(page.offset()))
                .flatMap(rows -> {
                    List<StoredRefundNotice> notices = new ArrayList<>(rows.size());
                    long total = 0;
                    for (Row row : rows) {
                        total = row.getLong("total");
                        notices.add(toNotice(row));
                    }
                    long count = total;
                    if (notices.isEmpty()) {
                        return Uni.createFrom().item(new PageResult<>(notices, page.page(), page.size(), count));
                    }
                    Long[] ids = notices.stream().map(StoredRefundNotice::id).toArray(Long[]::new);
                    return pool.preparedQuery(SUB_ITEMS).execute(Tuple.of(ids)).map(itemRows -> {
                        Map<Long, List<StoredSubItem>> byNotice = new HashMap<>();
                        for (Row item : itemRows) {
                            byNotice.computeIfAbsent(item.getLong("notice_id"), id -> new ArrayList<>())
                                    .add(new StoredSubItem(item.getString("sub_item_id"),
                                            item.getLong("origin_amount"), item.getLong("refund_amount"),
                                            item.getLong("marketing_amount"), item.getLong("user_amount"),
                                            item.getLong("deduct_fee_amount")));
                        }
                        List<StoredRefundNotice> withItems = notices.stream()
                                .map(n -> n.withSubItems(byNotice.getOrDefault(n.id(), List.of())))
                                .toList();
                        return new PageResult<>(withItems, page.page(), page.size(), count);
                    });
                });
    }

    /** The natural key of a certificate notice (see the V2 migration for why these values). */
    static String noticeKey(String orderId, CertificateNotice n) {
        return new JsonArray(Arrays.asList(orderId, n.certificateId(), n.applyTime(), n.auditTime(), n.auditResult(),
                n.refundCount())).encode();
    }

    private static Tuple bind(SpiCall call, RefundAuditNotice notice) {
        // The same certificate notice twice in one list is one notice: its sub-items must not be stored twice.
        Map<String, CertificateNotice> distinct = new java.util.LinkedHashMap<>();
        notice.noticeList().forEach(c -> distinct.putIfAbsent(noticeKey(notice.orderId(), c), c));
        List<CertificateNotice> notices = List.copyOf(distinct.values());
        int n = notices.size();
        String[] keys = new String[n];
        String[] certificates = new String[n];
        String[] codes = new String[n];
        Long[] totalCounts = new Long[n];
        Long[] verifyCounts = new Long[n];
        Long[] refundCounts = new Long[n];
        Long[] originAmounts = new Long[n];
        Long[] refundAmounts = new Long[n];
        Long[] deductFees = new Long[n];
        Long[] applyTimes = new Long[n];
        Long[] auditTimes = new Long[n];
        Integer[] auditResults = new Integer[n];
        String[] vouchers = new String[n];
        List<String> itemKeys = new ArrayList<>();
        List<Integer> itemLines = new ArrayList<>();
        List<String> itemIds = new ArrayList<>();
        List<Long> itemOrigin = new ArrayList<>();
        List<Long> itemRefund = new ArrayList<>();
        List<Long> itemMarketing = new ArrayList<>();
        List<Long> itemUser = new ArrayList<>();
        List<Long> itemDeduct = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CertificateNotice c = notices.get(i);
            keys[i] = noticeKey(notice.orderId(), c);
            certificates[i] = c.certificateId();
            codes[i] = c.code();
            totalCounts[i] = c.totalCount();
            verifyCounts[i] = c.verifyCount();
            refundCounts[i] = c.refundCount();
            originAmounts[i] = c.originAmount();
            refundAmounts[i] = c.refundAmount();
            deductFees[i] = c.deductFeeAmount();
            applyTimes[i] = c.applyTime();
            auditTimes[i] = c.auditTime();
            auditResults[i] = c.auditResult();
            vouchers[i] = c.voucher();
            List<SubItem> items = c.subItemList();
            for (int line = 0; line < items.size(); line++) {
                SubItem item = items.get(line);
                itemKeys.add(keys[i]);
                itemLines.add(line + 1);
                itemIds.add(item.subItemId());
                itemOrigin.add(item.originAmount());
                itemRefund.add(item.refundAmount());
                itemMarketing.add(item.marketingAmount());
                itemUser.add(item.userAmount());
                itemDeduct.add(item.deductFeeAmount());
            }
        }
        List<Object> values = new ArrayList<>(NOTICE_PARAMETERS + SUB_ITEM_PARAMETERS);
        values.addAll(Arrays.asList(keys, certificates, codes, totalCounts, verifyCounts, refundCounts, originAmounts,
                refundAmounts, deductFees, applyTimes, auditTimes, auditResults, vouchers,
                notice.orderId(), notice.afterSaleId(), notice.afterSaleType(), call.logId(), call.clientKey()));
        values.addAll(Arrays.asList(itemKeys.toArray(String[]::new), itemLines.toArray(Integer[]::new),
                itemIds.toArray(String[]::new), itemOrigin.toArray(Long[]::new), itemRefund.toArray(Long[]::new),
                itemMarketing.toArray(Long[]::new), itemUser.toArray(Long[]::new), itemDeduct.toArray(Long[]::new)));
        return InboxRepository.bindCall(Tuple.from(values), call, notice.orderId());
    }

    private static StoredRefundNotice toNotice(Row row) {
        return new StoredRefundNotice(
                row.getLong("id"),
                row.getString("order_id"),
                row.getString("after_sale_id"),
                row.getInteger("after_sale_type"),
                row.getString("certificate_id"),
                row.getString("code"),
                row.getLong("total_count"),
                row.getLong("verify_count"),
                row.getLong("refund_count"),
                row.getLong("origin_amount"),
                row.getLong("refund_amount"),
                row.getLong("deduct_fee_amount"),
                row.getLong("apply_time"),
                row.getLong("audit_time"),
                row.getInteger("audit_result"),
                row.getString("voucher"),
                null,
                row.getString("log_id"),
                row.getString("client_key"),
                row.getOffsetDateTime("received_at"));
    }
}
