package com.provider.scenic.repository;

import com.provider.common.db.JsonRecords;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.db.SpiDatabase;
import com.provider.douyin.spi.repository.InboxStore;
import com.provider.scenic.model.RefundAuditNotice;
import com.provider.scenic.model.RefundAuditNotice.CertificateNotice;
import com.provider.scenic.model.RefundAuditNotice.SubItem;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores scenic refund audit notices as Douyin delivers them (operators read them through
 * {@link RefundNoticeRepository}). A call is stored in one statement: every certificate notice not seen before (by its
 * natural key, see V2 migration), their sub-items, a whole-order after-sale detail sync job (a certificate-scoped one
 * could replace the refund lines other certificates of a shared after-sale order own) through the app the notice
 * came in through, and the raw call in the inbox, HANDLED when at least one notice was new, DUPLICATE when all of
 * them were already there. A notice is never kept without its sync queued, nor the reverse.
 */
@ApplicationScoped
public class RefundNoticeStore {

    /**
     * SQL, not entities: the notices, their sub-items, the sync job and the inbox row commit in one round trip on the
     * SPI's pool, idempotent by the natural key (ON CONFLICT DO NOTHING), and a notice that was already there adds
     * nothing, concurrent redeliveries included. $1 is the call as one JSON record, its fields named like the columns
     * they fill, each notice with its sub-items (see {@link #bind}); $2 is the raw body, binary. The sync job's
     * ON CONFLICT is the pending-work rule of after_sale_sync_job (V4): no second pending job for an order; a queued
     * one is pulled forward, a running one asked to run once more.
     */
    private static final String INSERT = """
            WITH call AS (
                SELECT * FROM json_to_record($1::text::json) AS c(order_id text, after_sale_id text,
                    after_sale_type integer, spi text, log_id text, client_key text, query text, notices json)
            ), incoming AS (
                SELECT n.* FROM call, json_to_recordset(call.notices) AS n(notice_key text, certificate_id text,
                    code text, total_count bigint, verify_count bigint, refund_count bigint, origin_amount bigint,
                    refund_amount bigint, deduct_fee_amount bigint, apply_time bigint, audit_time bigint,
                    audit_result integer, voucher text, sub_items json)
            ), applied AS (
                INSERT INTO scenic_refund_notice (notice_key, order_id, after_sale_id, after_sale_type, certificate_id,
                    code, total_count, verify_count, refund_count, origin_amount, refund_amount, deduct_fee_amount,
                    apply_time, audit_time, audit_result, voucher, log_id, client_key)
                SELECT n.notice_key, c.order_id, c.after_sale_id, c.after_sale_type, n.certificate_id, n.code,
                    n.total_count, n.verify_count, n.refund_count, n.origin_amount, n.refund_amount,
                    n.deduct_fee_amount, n.apply_time, n.audit_time, n.audit_result, n.voucher, c.log_id, c.client_key
                FROM incoming n, call c
                ON CONFLICT (notice_key) DO NOTHING
                RETURNING id, notice_key, order_id, client_key
            ), sync_job AS (
                INSERT INTO after_sale_sync_job (order_id, certificate_id, account_id, source, client_key)
                SELECT DISTINCT ON (a.order_id) a.order_id, NULL, NULL, 'scenic-refund-audit-notice', a.client_key
                FROM applied a
                ON CONFLICT (order_id, (coalesce(certificate_id, ''))) WHERE status IN ('QUEUED', 'RUNNING')
                DO UPDATE SET rerun_requested = after_sale_sync_job.rerun_requested
                                                OR after_sale_sync_job.status = 'RUNNING',
                    next_attempt_at = CASE WHEN after_sale_sync_job.status = 'QUEUED'
                        THEN least(after_sale_sync_job.next_attempt_at, now())
                        ELSE after_sale_sync_job.next_attempt_at END,
                    updated_at = now()
            ), sub_items AS (
                INSERT INTO scenic_refund_notice_sub_item (notice_id, line_no, sub_item_id, origin_amount,
                    refund_amount, marketing_amount, user_amount, deduct_fee_amount)
                SELECT a.id, s.line_no, s.sub_item_id, s.origin_amount, s.refund_amount, s.marketing_amount,
                    s.user_amount, s.deduct_fee_amount
                FROM applied a
                JOIN incoming n USING (notice_key)
                CROSS JOIN json_to_recordset(n.sub_items) AS s(line_no integer, sub_item_id text,
                    origin_amount bigint, refund_amount bigint, marketing_amount bigint, user_amount bigint,
                    deduct_fee_amount bigint)
            ), inbox AS (
                INSERT INTO spi_inbox (spi, log_id, client_key, query, body, business_key, outcome, http_status,
                    error_code)
                SELECT c.spi, c.log_id, c.client_key, c.query, $2, c.order_id,
                    CASE WHEN EXISTS (SELECT 1 FROM applied) THEN 'HANDLED' ELSE 'DUPLICATE' END, 200, 0
                FROM call c
                RETURNING id, outcome
            )
            SELECT id, outcome FROM inbox""";

    /** The SPI's own connections. */
    private final Pool spiPool;
    private final InboxStore inbox;

    public RefundNoticeStore(@ReactiveDataSource(SpiDatabase.NAME) Pool spiPool, InboxStore inbox) {
        this.spiPool = spiPool;
        this.inbox = inbox;
    }

    /** Stores the notices not seen before and the raw call; tells whether anything was new. */
    public Uni<InboxOutcome> store(SpiCall call, RefundAuditNotice notice) {
        return inbox.storing(call, 0, spiPool.preparedQuery(INSERT).execute(bind(call, notice)))
                .map(rows -> InboxOutcome.valueOf(rows.iterator().next().getString("outcome")));
    }

    /** The natural key of a certificate notice (see the V2 migration for why these values). */
    static String noticeKey(String orderId, CertificateNotice n) {
        return new JsonArray(Arrays.asList(orderId, n.certificateId(), n.applyTime(), n.auditTime(), n.auditResult(),
                n.refundCount())).encode();
    }

    /** The statement's parameters: the call with its notices as one JSON record, and the raw body. */
    private static Tuple bind(SpiCall call, RefundAuditNotice notice) {
        // The same certificate notice twice in one list is one notice: its sub-items must not be stored twice.
        Map<String, CertificateNotice> distinct = new LinkedHashMap<>();
        notice.noticeList().forEach(c -> distinct.putIfAbsent(noticeKey(notice.orderId(), c), c));
        JsonRecords record = JsonRecords.record(512 * distinct.size())
                .string("order_id", notice.orderId())
                .string("after_sale_id", notice.afterSaleId())
                .number("after_sale_type", notice.afterSaleType())
                .string("spi", call.spi())
                .string("log_id", call.logId())
                .string("client_key", call.clientKey())
                .string("query", call.rawQuery())
                .startArray("notices");
        distinct.forEach((key, c) -> {
            record.startRecord()
                    .string("notice_key", key)
                    .string("certificate_id", c.certificateId())
                    .string("code", c.code())
                    .number("total_count", c.totalCount())
                    .number("verify_count", c.verifyCount())
                    .number("refund_count", c.refundCount())
                    .number("origin_amount", c.originAmount())
                    .number("refund_amount", c.refundAmount())
                    .number("deduct_fee_amount", c.deductFeeAmount())
                    .number("apply_time", c.applyTime())
                    .number("audit_time", c.auditTime())
                    .number("audit_result", c.auditResult())
                    .string("voucher", c.voucher())
                    .startArray("sub_items");
            List<SubItem> items = c.subItemList();
            for (int line = 0; line < items.size(); line++) {
                SubItem item = items.get(line);
                record.startRecord()
                        .number("line_no", line + 1)
                        .string("sub_item_id", item.subItemId())
                        .number("origin_amount", item.originAmount())
                        .number("refund_amount", item.refundAmount())
                        .number("marketing_amount", item.marketingAmount())
                        .number("user_amount", item.userAmount())
                        .number("deduct_fee_amount", item.deductFeeAmount())
                        .endRecord();
            }
            record.endArray().endRecord();
        });
        record.endArray();
        return Tuple.of(record.end(), call.bodyBuffer());
    }
}
