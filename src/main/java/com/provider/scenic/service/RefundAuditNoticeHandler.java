package com.provider.scenic.service;

import com.provider.douyin.spi.FieldLength;
import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.SpiHandler;
import com.provider.douyin.spi.SpiResult;
import com.provider.douyin.spi.StrictJson;
import com.provider.douyin.spi.repository.InboxStore;
import com.provider.scenic.model.RefundAuditNotice;
import com.provider.scenic.model.RefundAuditNotice.CertificateNotice;
import com.provider.scenic.model.RefundAuditNotice.SubItem;
import com.provider.scenic.repository.RefundNoticeStore;
import io.smallrye.mutiny.Uni;
import com.provider.douyin.spi.InboxOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Douyin's scenic refund audit result notice (PROTOCOL.md 1b). A notification: it is stored and
 * acknowledged, never answered with a business error; a redelivery adds nothing and gets the same answer.
 */
@ApplicationScoped
public class RefundAuditNoticeHandler implements SpiHandler<RefundAuditNotice> {

    public static final String PATH = "/douyin/spi/scenic/refund-audit-notice";
    public static final String NAME = "scenic.refund-audit-notice";

    private static final Logger LOG = Logger.getLogger(RefundAuditNoticeHandler.class);

    private final RefundNoticeStore store;
    private final InboxStore inbox;

    public RefundAuditNoticeHandler(RefundNoticeStore store, InboxStore inbox) {
        this.store = store;
        this.inbox = inbox;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public RefundAuditNotice parse(byte[] body) {
        StrictJson.Fields json = StrictJson.parseObject(body);
        RefundAuditNotice notice = new RefundAuditNotice(
                json.requiredString("order_id", FieldLength.ID),
                json.optionalString("after_sale_id", FieldLength.ID),
                json.optionalInt("after_sale_type"),
                json.requiredNonEmptyObjects("notice_list").stream().map(n -> new CertificateNotice(
                        n.requiredString("certificate_id", FieldLength.ID),
                        n.optionalString("code", FieldLength.EXTERNAL_ID),
                        n.optionalLong("total_count"),
                        n.optionalLong("verify_count"),
                        n.optionalLong("refund_count"),
                        n.optionalLong("origin_amount"),
                        n.optionalLong("refund_amount"),
                        n.optionalLong("deduct_fee_amount"),
                        n.optionalObjects("sub_item_list").stream().map(item -> new SubItem(
                                item.optionalString("sub_item_id", FieldLength.ID),
                                item.optionalLong("origin_amount"),
                                item.optionalLong("refund_amount"),
                                item.optionalLong("marketing_amount"),
                                item.optionalLong("user_amount"),
                                item.optionalLong("deduct_fee_amount"))).toList(),
                        n.optionalLong("apply_time"),
                        n.optionalLong("audit_time"),
                        n.optionalInt("audit_result"),
                        // Documented as a string holding a voucher structure; an object is kept as its JSON.
                        n.optionalStringOrJson("voucher", FieldLength.DOCUMENT))).toList());
        json.validate();
        return notice;
    }

    @Override
    public String businessKey(RefundAuditNotice notice) {
        return notice.orderId();
    }

    @Override
    public Map<String, String> logContext(RefundAuditNotice notice) {
        return Map.of("order_id", notice.orderId(), "certificate_ids",
                notice.noticeList().stream().map(CertificateNotice::certificateId).collect(Collectors.joining(",")));
    }

    @Override
    public Uni<SpiResult> handle(SpiCall call, RefundAuditNotice notice) {
        // DEBUG only, as for hotel cancellations: SpiPipeline writes the call's one INFO access line.
        return store.store(call, notice).flatMap(stored -> {
            if (stored.outcome() == InboxOutcome.HANDLED) {
                LOG.debug("refund audit notice stored");
                return Uni.createFrom().item(new SpiResult(SpiAnswer.success(), InboxOutcome.HANDLED));
            }
            // Every notice was there already: compared with what is stored (read once for the call's whole group),
            // values, not bytes, so a body re-encoded alike is no conflict.
            String differences = differences(notice, stored.storedVersions());
            if (differences.isEmpty()) {
                LOG.debug("refund audit notice redelivered; nothing new");
                return Uni.createFrom().item(new SpiResult(SpiAnswer.success(), InboxOutcome.DUPLICATE));
            }
            String detail = "differs from the stored notice of order_id " + notice.orderId() + " ("
                    + differences + "); acknowledged, nothing changed";
            LOG.warn(detail);
            return inbox.markConflict(stored.inboxId(), detail)
                    .replaceWith(new SpiResult(SpiAnswer.success(), InboxOutcome.DUPLICATE_CONFLICT));
        });
    }

    /** The fields of each certificate notice that differ from its stored version, e.g. "tc-1: refund_amount". */
    private static String differences(RefundAuditNotice notice, Map<String, RefundAuditNotice> storedVersions) {
        List<String> differences = new ArrayList<>();
        RefundNoticeStore.distinctNotices(notice).forEach((key, incoming) -> {
            RefundAuditNotice stored = storedVersions.get(key);
            if (stored == null) {
                return; // not possible for a DUPLICATE (notices are never deleted); nothing to compare with
            }
            List<String> fields = new ArrayList<>();
            RefundAuditNotice.differs(fields, "after_sale_id", notice.afterSaleId(), stored.afterSaleId());
            RefundAuditNotice.differs(fields, "after_sale_type", notice.afterSaleType(), stored.afterSaleType());
            fields.addAll(incoming.differingFields(stored.noticeList().get(0)));
            if (!fields.isEmpty()) {
                differences.add(incoming.certificateId() + ": " + String.join(", ", fields));
            }
        });
        return String.join("; ", differences);
    }
}
