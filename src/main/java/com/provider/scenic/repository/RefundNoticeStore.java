package com.provider.scenic.repository;

import com.provider.common.db.GroupCommit;
import com.provider.common.db.JsonRecords;
import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.db.SpiDatabase;
import com.provider.douyin.spi.repository.InboxStore;
import com.provider.scenic.config.RefundNoticeWriteConfig;
import com.provider.scenic.model.RefundAuditNotice;
import com.provider.scenic.model.RefundAuditNotice.CertificateNotice;
import com.provider.scenic.model.RefundAuditNotice.SubItem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Stores scenic refund audit notices as Douyin delivers them (operators read them through
 * {@link RefundNoticeRepository}). A call is stored in one statement, shared with the calls that arrived at the
 * same time (group commit): every certificate notice not seen before (by its natural key, see the baseline
 * migration), their sub-items, a whole-order after-sale detail sync job (a certificate-scoped one could replace
 * the refund lines other certificates of a shared after-sale order own) through the app the notice came in
 * through, and the raw call in the inbox, HANDLED when at least one of its notices was new, DUPLICATE when all of
 * them were already there. A notice is never kept without its sync queued, nor the reverse.
 */
@ApplicationScoped
public class RefundNoticeStore {

    /**
     * One statement stores a whole group of calls (see {@link GroupCommit}). SQL, not entities: the notices, their
     * sub-items, the sync jobs and the inbox rows commit in one round trip on the SPI's pool, idempotent by the
     * natural key (ON CONFLICT DO NOTHING), and a notice that was already there adds nothing, concurrent
     * redeliveries included. One statement per call cost PostgreSQL 0.54 ms of CPU and a third of a WAL flush per
     * notice (bench/RESULTS.md); a group shares them.
     * <p>
     * $1 is a JSON array with one record per call, its fields named like the columns they fill, each with its
     * notices and their sub-items (see {@link #bind}); $2 the raw bodies, binary, the n-th for the record whose
     * {@code position} is n. Calls of one order, redeliveries included, may share a statement: each notice key is
     * offered once, by the earliest call that brings it ({@code chosen}), so its sub-items go in once, and a call is
     * HANDLED when a notice it offered was added. Each call gets its inbox row's id from the sequence in the first
     * CTE (a CTE with a volatile function is computed once), so results are matched to calls by position. Notices
     * go in in the order of their keys and sync jobs in that of their order_ids: two statements (of one replica or
     * two) lock keys in one order. The sync job's ON CONFLICT is the pending-work rule of after_sale_sync_job: no
     * second pending job for an order; a queued one is pulled forward, a running one asked to run once more.
     */
    private static final String INSERT = """
            WITH call AS (
                SELECT c.*, ($2::bytea[])[c.position] AS body, nextval('spi_inbox_id_seq') AS inbox_id
                FROM json_to_recordset($1::text::json) AS c(position integer, order_id text, after_sale_id text,
                    after_sale_type integer, spi text, log_id text, client_key text, query text, notices json)
            ), incoming AS (
                SELECT c.position, c.order_id, c.after_sale_id, c.after_sale_type, c.log_id, c.client_key, n.*
                FROM call c, json_to_recordset(c.notices) AS n(notice_key text, certificate_id text,
                    code text, total_count bigint, verify_count bigint, refund_count bigint, origin_amount bigint,
                    refund_amount bigint, deduct_fee_amount bigint, apply_time bigint, audit_time bigint,
                    audit_result integer, voucher text, sub_items json)
            ), chosen AS (
                SELECT DISTINCT ON (n.notice_key) n.* FROM incoming n ORDER BY n.notice_key, n.position
            ), applied AS (
                INSERT INTO scenic_refund_notice (notice_key, order_id, after_sale_id, after_sale_type, certificate_id,
                    code, total_count, verify_count, refund_count, origin_amount, refund_amount, deduct_fee_amount,
                    apply_time, audit_time, audit_result, voucher, log_id, client_key)
                SELECT n.notice_key, n.order_id, n.after_sale_id, n.after_sale_type, n.certificate_id, n.code,
                    n.total_count, n.verify_count, n.refund_count, n.origin_amount, n.refund_amount,
                    n.deduct_fee_amount, n.apply_time, n.audit_time, n.audit_result, n.voucher, n.log_id, n.client_key
                FROM chosen n
                ORDER BY n.notice_key
                ON CONFLICT (notice_key) DO NOTHING
                RETURNING id, notice_key, order_id, client_key
            ), sync_job AS (
                INSERT INTO after_sale_sync_job (order_id, certificate_id, account_id, source, client_key)
                SELECT DISTINCT ON (a.order_id) a.order_id, NULL, NULL, 'scenic-refund-audit-notice', a.client_key
                FROM applied a
                ORDER BY a.order_id
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
                JOIN chosen n USING (notice_key)
                CROSS JOIN json_to_recordset(n.sub_items) AS s(line_no integer, sub_item_id text,
                    origin_amount bigint, refund_amount bigint, marketing_amount bigint, user_amount bigint,
                    deduct_fee_amount bigint)
            ), inbox AS (
                INSERT INTO spi_inbox (id, spi, log_id, client_key, query, body, business_key, outcome, http_status,
                    error_code) OVERRIDING SYSTEM VALUE
                SELECT c.inbox_id, c.spi, c.log_id, c.client_key, c.query, c.body, c.order_id,
                    CASE WHEN EXISTS (SELECT 1 FROM applied a JOIN chosen n USING (notice_key)
                                      WHERE n.position = c.position)
                        THEN 'HANDLED' ELSE 'DUPLICATE' END, 200, 0
                FROM call c
                ORDER BY c.position
                RETURNING id, outcome
            )
            SELECT c.position, i.id, i.outcome FROM call c JOIN inbox i ON i.id = c.inbox_id""";

    /**
     * The notices stored under the given natural keys, with their sub-items in line order: after a group's
     * statement, those of its calls that added nothing and that {@link #recent} does not hold, to compare each with
     * what is stored (see {@link Stored}). One read per group, not per call; a statement of its
     * own, after the write, because the write's snapshot does not see what another statement committed while it
     * ran (ON CONFLICT DO NOTHING skips such a row without returning it).
     */
    private static final String STORED = """
            SELECT n.notice_key, n.order_id, n.after_sale_id, n.after_sale_type, n.certificate_id, n.code, n.total_count,
                n.verify_count, n.refund_count, n.origin_amount, n.refund_amount, n.deduct_fee_amount, n.apply_time,
                n.audit_time, n.audit_result, n.voucher, s.line_no, s.sub_item_id,
                s.origin_amount AS sub_origin_amount, s.refund_amount AS sub_refund_amount, s.marketing_amount,
                s.user_amount, s.deduct_fee_amount AS sub_deduct_fee_amount
            FROM scenic_refund_notice n
            LEFT JOIN scenic_refund_notice_sub_item s ON s.notice_id = n.id
            WHERE n.notice_key = ANY($1)
            ORDER BY n.notice_key, s.line_no""";

    /**
     * How many stored versions {@link #recent} keeps: enough for redeliveries that follow their first delivery
     * closely (a storm, a retry while the first is in flight), few enough that its entries die young. 2,048 lived
     * long enough to reach the old generation under load and cost more CPU and RSS than the reads they saved.
     */
    private static final int RECENT = 256;

    /** The SPI's own connections. */
    private final Pool spiPool;
    private final InboxStore inbox;
    private final GroupCommit<Notice, Stored> writes;
    /**
     * Stored versions of the notices this replica recently wrote or read, by natural key, least recently used
     * dropped first. A stored notice never changes, so a version here stays true; it spares a redelivery that
     * closely follows its first delivery the read (one per statement cost PostgreSQL about 0.09 ms of CPU per notice
     * under bench/curve.sh's load, bench/RESULTS.md). Any other redelivery is read.
     */
    private final Map<String, RefundAuditNotice> recent = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RefundAuditNotice> eldest) {
                    return size() > RECENT;
                }
            });

    public RefundNoticeStore(@ReactiveDataSource(SpiDatabase.NAME) Pool spiPool, InboxStore inbox,
                             RefundNoticeWriteConfig config, DouyinConfig douyin, MeterRegistry registry) {
        this.spiPool = spiPool;
        this.inbox = inbox;
        // As for cancel-orders: a statement that takes half the SPI budget is stuck, and its slot goes to the
        // notices queued behind it while they can still be answered in time. No group key: the statement itself
        // offers each notice once, so a storm of redeliveries shares statements instead of taking one each.
        this.writes = GroupCommit.metered("scenic_refund_notice", this::insert,
                notice -> null, UnaryOperator.identity(), config,
                douyin.spi().durabilityTimeout().dividedBy(2), registry);
    }

    /** One call to store: the call, its parsed notice, and its certificate notices by natural key (computed once). */
    private record Notice(SpiCall call, RefundAuditNotice request, Map<String, CertificateNotice> distinct) {
    }

    /**
     * A stored call: its inbox row, whether one of its notices was new (HANDLED) or none (DUPLICATE), and for a
     * DUPLICATE the stored version of each of its notices by natural key (see {@link #storedVersions}).
     */
    public record Stored(long inboxId, InboxOutcome outcome, Map<String, RefundAuditNotice> storedVersions) {
    }

    /**
     * Stores the notices not seen before and the raw call, in one statement with whatever other calls are
     * waiting; tells whether anything was new.
     */
    public Uni<Stored> store(SpiCall call, RefundAuditNotice notice) {
        return writes.write(new Notice(call, notice, distinctNotices(notice)));
    }

    /**
     * Keeps a stored version in {@link #recent} if it is small (nearly all are): a long voucher or many sub-items
     * would let the cache hold megabytes; such a notice is read again when redelivered.
     */
    private void remember(String key, RefundAuditNotice version) {
        CertificateNotice notice = version.noticeList().get(0);
        if ((notice.voucher() == null || notice.voucher().length() <= 256) && notice.subItemList().size() <= 8) {
            recent.put(key, version);
        }
    }

    /**
     * The stored version of each notice under {@code keys}, each as a one-notice {@link RefundAuditNotice} with the
     * order-level fields it was stored with; a key not stored is absent.
     */
    private Uni<Map<String, RefundAuditNotice>> storedVersions(Collection<String> keys) {
        return spiPool.preparedQuery(STORED).execute(Tuple.of(keys.toArray(String[]::new))).map(rows -> {
            Map<String, RefundAuditNotice> stored = new HashMap<>();
            Map<String, List<SubItem>> subItems = new HashMap<>();
            for (Row row : rows) {
                String key = row.getString("notice_key");
                List<SubItem> items = subItems.computeIfAbsent(key, k -> new ArrayList<>());
                stored.computeIfAbsent(key, k -> new RefundAuditNotice(row.getString("order_id"),
                        row.getString("after_sale_id"), row.getInteger("after_sale_type"),
                        List.of(new CertificateNotice(row.getString("certificate_id"), row.getString("code"),
                                row.getLong("total_count"), row.getLong("verify_count"), row.getLong("refund_count"),
                                row.getLong("origin_amount"), row.getLong("refund_amount"),
                                row.getLong("deduct_fee_amount"), items, row.getLong("apply_time"),
                                row.getLong("audit_time"), row.getInteger("audit_result"),
                                row.getString("voucher")))));
                if (row.getInteger("line_no") != null) {
                    items.add(new SubItem(row.getString("sub_item_id"), row.getLong("sub_origin_amount"),
                            row.getLong("sub_refund_amount"), row.getLong("marketing_amount"),
                            row.getLong("user_amount"), row.getLong("sub_deduct_fee_amount")));
                }
            }
            return stored;
        });
    }

    /**
     * The notice's certificate notices by natural key, in the order sent: the same certificate notice twice in one
     * list is one notice (its sub-items must not be stored twice), the first as sent.
     */
    public static Map<String, CertificateNotice> distinctNotices(RefundAuditNotice notice) {
        Map<String, CertificateNotice> distinct = new LinkedHashMap<>();
        notice.noticeList().forEach(c -> distinct.putIfAbsent(noticeKey(notice.orderId(), c), c));
        return distinct;
    }

    /**
     * Writes a group of calls in one statement; one outcome per call, in order. Each committed
     * inbox row is noted on its call before any caller is answered, and even when the callers stopped waiting (see
     * {@link InboxStore#committed}).
     */
    private Uni<List<Stored>> insert(List<Notice> notices) {
        return spiPool.preparedQuery(INSERT).execute(bind(notices)).flatMap(rows -> {
            long[] inboxIds = new long[notices.size()];
            InboxOutcome[] outcomes = new InboxOutcome[notices.size()];
            for (Row row : rows) {
                int index = row.getInteger("position") - 1;
                inboxIds[index] = row.getLong("id");
                outcomes[index] = InboxOutcome.valueOf(row.getString("outcome"));
                inbox.committed(notices.get(index).call(), inboxIds[index], 0);
            }
            for (int i = 0; i < notices.size(); i++) {
                RefundAuditNotice request = notices.get(i).request();
                Map<String, CertificateNotice> distinct = notices.get(i).distinct();
                if (outcomes[i] == InboxOutcome.HANDLED && distinct.size() == 1) {
                    // Its one notice was added, from this call (the earliest to offer it): stored as sent.
                    distinct.forEach((key, notice) -> remember(key, new RefundAuditNotice(request.orderId(),
                            request.afterSaleId(), request.afterSaleType(), List.of(notice))));
                }
            }
            // The versions are taken out of the cache here, once: what is read next may push them out of it.
            Map<String, RefundAuditNotice> known = new HashMap<>();
            Set<String> toRead = new HashSet<>();
            for (int i = 0; i < notices.size(); i++) {
                if (outcomes[i] == InboxOutcome.DUPLICATE) {
                    for (String key : notices.get(i).distinct().keySet()) {
                        RefundAuditNotice version = recent.get(key);
                        if (version != null) {
                            known.put(key, version);
                        } else {
                            toRead.add(key);
                        }
                    }
                }
            }
            Uni<Map<String, RefundAuditNotice>> read = toRead.isEmpty()
                    ? Uni.createFrom().item(Map.of()) : storedVersions(toRead);
            return read.map(versions -> {
                versions.forEach(this::remember);
                known.putAll(versions);
                List<Stored> results = new ArrayList<>(notices.size());
                for (int i = 0; i < notices.size(); i++) {
                    if (outcomes[i] == null) {
                        results.add(null); // no row for it: GroupCommit fails the statement's callers
                        continue;
                    }
                    Map<String, RefundAuditNotice> own = new LinkedHashMap<>();
                    if (outcomes[i] == InboxOutcome.DUPLICATE) {
                        for (String key : notices.get(i).distinct().keySet()) {
                            RefundAuditNotice version = known.get(key);
                            if (version != null) {
                                own.put(key, version);
                            }
                        }
                    }
                    results.add(new Stored(inboxIds[i], outcomes[i], own));
                }
                return results;
            });
        });
    }

    /** The natural key of a certificate notice (see the V2 migration for why these values). */
    static String noticeKey(String orderId, CertificateNotice n) {
        return new JsonArray(Arrays.asList(orderId, n.certificateId(), n.applyTime(), n.auditTime(), n.auditResult(),
                n.refundCount())).encode();
    }

    /**
     * The statement's two parameters: the calls as a JSON array of records named like the statement's columns,
     * each with its notices, and their raw bodies, binary, in the same order (a body is bytes as received).
     */
    private static Tuple bind(List<Notice> notices) {
        int n = notices.size();
        JsonRecords records = JsonRecords.array(768 * n);
        Buffer[] bodies = new Buffer[n];
        for (int i = 0; i < n; i++) {
            SpiCall call = notices.get(i).call();
            RefundAuditNotice notice = notices.get(i).request();
            Map<String, CertificateNotice> distinct = notices.get(i).distinct();
            records.startRecord()
                    .number("position", i + 1)
                    .string("order_id", notice.orderId())
                    .string("after_sale_id", notice.afterSaleId())
                    .number("after_sale_type", notice.afterSaleType())
                    .string("spi", call.spi())
                    .string("log_id", call.logId())
                    .string("client_key", call.clientKey())
                    .string("query", call.rawQuery())
                    .startArray("notices");
            distinct.forEach((key, c) -> {
                records.startRecord()
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
                    records.startRecord()
                            .number("line_no", line + 1)
                            .string("sub_item_id", item.subItemId())
                            .number("origin_amount", item.originAmount())
                            .number("refund_amount", item.refundAmount())
                            .number("marketing_amount", item.marketingAmount())
                            .number("user_amount", item.userAmount())
                            .number("deduct_fee_amount", item.deductFeeAmount())
                            .endRecord();
                }
                records.endArray().endRecord();
            });
            records.endArray().endRecord();
            bodies[i] = call.bodyBuffer();
        }
        return Tuple.of(records.end(), bodies);
    }
}
