package com.provider.aftersale.repository;

import com.provider.aftersale.model.AfterSaleOrder;
import com.provider.aftersale.model.AfterSaleRefundLine;
import com.provider.common.repository.Filters;
import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** After-sale orders with their refund lines and times-card entries. Call within a session (a transaction to write). */
@ApplicationScoped
public class AfterSaleOrderRepository implements PanacheRepositoryBase<AfterSaleOrder, String> {

    /**
     * Most recently synced first (after_sale_order_synced_idx), filtered by what is given only, so each filter can
     * use its index (after_sale_order_order_idx, after_sale_refund_certificate_idx).
     */
    public PanacheQuery<AfterSaleOrder> findFiltered(String orderId, String certificateId) {
        return Filters.where()
                .equal("orderId", orderId)
                .satisfying("afterSaleId in (select l.afterSaleId from AfterSaleRefundLine l"
                        + " where l.certificateId = :value)", certificateId)
                .find(this, Sort.descending("lastSyncedAt").and("afterSaleId"));
    }

    /**
     * The order {@code sent} describes, locked for this transaction; a row is created for it first if there is none,
     * so two syncs of a new order wait for each other on the lock instead of one failing on the primary key.
     */
    public Uni<AfterSaleOrder> lockOrCreate(AfterSaleDetailResponse.Order sent, String accountId) {
        return Panache.executeUpdate("""
                        insert into AfterSaleOrder (afterSaleId, orderId, accountId) values (?1, ?2, ?3)
                        on conflict do nothing""", sent.afterSaleId(), sent.orderId(), accountId)
                .chain(() -> findById(sent.afterSaleId(), LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * Replaces the refund lines of {@code order} that {@code sent} speaks for with {@code sent}, times-card entries
     * included. An answer to a whole-order query ({@code certificateId} null) is a full snapshot: it replaces every
     * line. An answer to a certificate-scoped query speaks for that certificate (and any other it names): the order's
     * other lines stay, and the new ones are numbered after them.
     */
    public Uni<Void> replaceLines(AfterSaleOrder order, String certificateId,
                                  List<AfterSaleDetailResponse.RefundInfo> sent) {
        Uni<Integer> firstLineNo;
        if (certificateId == null) {
            firstLineNo = Panache.executeUpdate("delete from AfterSaleRefundLine where afterSaleId = ?1",
                    order.afterSaleId).replaceWith(1);
        } else {
            Set<String> certificates = new LinkedHashSet<>();
            certificates.add(certificateId);
            boolean withoutCertificate = false;
            for (AfterSaleDetailResponse.RefundInfo line : sent) {
                if (line.certificateId() == null) {
                    withoutCertificate = true;
                } else {
                    certificates.add(line.certificateId());
                }
            }
            firstLineNo = Panache.executeUpdate("delete from AfterSaleRefundLine where afterSaleId = :id"
                                    + " and (certificateId in :certificates"
                                    + (withoutCertificate ? " or certificateId is null)" : ")"),
                            Parameters.with("id", order.afterSaleId).and("certificates", certificates))
                    .chain(() -> getSession().chain(session -> session.createSelectionQuery(
                                    "select coalesce(max(lineNo), 0) + 1 from AfterSaleRefundLine where afterSaleId = ?1",
                                    Integer.class)
                            .setParameter(1, order.afterSaleId).getSingleResult()));
        }
        // the times-card entries of a deleted line go with it (ON DELETE CASCADE)
        return firstLineNo.chain(first -> {
            List<Object> rows = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                AfterSaleRefundLine line = AfterSaleRefundLine.of(order, first + i, sent.get(i));
                rows.add(line);
                rows.addAll(line.timesCards);
            }
            return rows.isEmpty() ? Uni.createFrom().voidItem()
                    : getSession().chain(session -> session.persistAll(rows.toArray()));
        });
    }

    /**
     * Loads the refund lines of orders read in this session and their times-card entries: two queries for any number
     * of orders (one per collection; fetching both at once would multiply the rows).
     */
    public Uni<List<AfterSaleOrder>> fetchLines(List<AfterSaleOrder> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(orders);
        }
        List<String> ids = orders.stream().map(order -> order.afterSaleId).toList();
        return list("from AfterSaleOrder o left join fetch o.refundLines where o.afterSaleId in ?1", ids)
                .chain(() -> getSession().chain(session -> session.createSelectionQuery(
                                "from AfterSaleRefundLine l left join fetch l.timesCards where l.afterSaleId in ?1",
                                AfterSaleRefundLine.class)
                        .setParameter(1, ids).getResultList()))
                .replaceWith(orders);
    }
}
