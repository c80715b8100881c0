package com.provider.aftersale.repository;

import com.provider.aftersale.model.AfterSaleOrder;
import com.provider.aftersale.model.AfterSaleRefundLine;
import com.provider.common.repository.Pages;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * After-sale orders from the detail API with their refund lines and times-card entries, upserted by after_sale_id,
 * one transaction per answer.
 * <p>
 * An answer to a whole-order query is a full snapshot: it replaces every line of its orders. An answer to a
 * certificate-scoped query speaks for that certificate only: it replaces the lines of that certificate (and of any
 * other certificate it names), and the order's other lines stay.
 */
@ApplicationScoped
public class AfterSaleRepository {

    private static final Sort NEWEST_SYNC_FIRST = Sort.descending("lastSyncedAt").and("afterSaleId");

    /**
     * Stores every order of {@code answer} to a query for {@code accountId} (and {@code certificateId}, when the query
     * named one); returns their after_sale_ids in answer order. Orders without an after_sale_id or order_id are
     * skipped.
     */
    @WithTransaction
    public Uni<List<String>> store(AfterSaleDetailResponse answer, String accountId, String certificateId) {
        AfterSaleDetailResponse.Data data = answer.data();
        List<AfterSaleDetailResponse.Order> valid = data == null || data.afterSaleOrderList() == null ? List.of()
                : data.afterSaleOrderList().stream().filter(Objects::nonNull)
                .filter(o -> o.afterSaleId() != null && !o.afterSaleId().isBlank() && o.orderId() != null).toList();
        // Rows are locked in after_sale_id order, so two syncs storing overlapping answers cannot deadlock; an
        // after-sale order the answer repeats is stored once, as it last appears.
        Map<String, AfterSaleDetailResponse.Order> inLockOrder = new TreeMap<>();
        valid.forEach(order -> inLockOrder.put(order.afterSaleId(), order));
        return Multi.createFrom().iterable(inLockOrder.values())
                .onItem().transformToUniAndConcatenate(sent -> storeOne(sent, answer, accountId, certificateId))
                .collect().asList()
                .replaceWith(valid.stream().map(AfterSaleDetailResponse.Order::afterSaleId).distinct().toList());
    }

    private Uni<Void> storeOne(AfterSaleDetailResponse.Order sent, AfterSaleDetailResponse answer, String accountId,
                               String certificateId) {
        // The row exists before it is locked: two syncs of a new order then wait for each other on the lock
        // instead of one failing on the primary key.
        return Panache.executeUpdate("""
                        insert into AfterSaleOrder (afterSaleId, orderId, accountId) values (?1, ?2, ?3)
                        on conflict do nothing""", sent.afterSaleId(), sent.orderId(), accountId)
                .chain(() -> AfterSaleOrder.<AfterSaleOrder>findById(sent.afterSaleId(), LockModeType.PESSIMISTIC_WRITE))
                .chain(order -> {
                    if (order.isNewerThan(sent)) {
                        return Uni.createFrom().voidItem(); // two syncs finished out of order: the newer one stays
                    }
                    order.update(sent, accountId, answer.logId(), answer.data().hasMore(), answer.data().cursor());
                    List<AfterSaleDetailResponse.RefundInfo> lines = sent.refundInfoList() == null ? List.of()
                            : sent.refundInfoList().stream().filter(Objects::nonNull).toList();
                    return removeReplacedLines(order, certificateId, lines)
                            .chain(firstLineNo -> persistLines(order, firstLineNo, lines));
                });
    }

    /** Deletes the stored lines {@code lines} replace (their times-card entries go with them); returns the next line_no. */
    private Uni<Integer> removeReplacedLines(AfterSaleOrder order, String certificateId,
                                             List<AfterSaleDetailResponse.RefundInfo> lines) {
        if (certificateId == null) {
            return AfterSaleRefundLine.delete("afterSaleId", order.afterSaleId).replaceWith(1);
        }
        Set<String> certificates = new HashSet<>();
        certificates.add(certificateId);
        boolean withoutCertificate = false;
        for (AfterSaleDetailResponse.RefundInfo line : lines) {
            if (line.certificateId() == null) {
                withoutCertificate = true;
            } else {
                certificates.add(line.certificateId());
            }
        }
        return AfterSaleRefundLine.delete("afterSaleId = :id and (certificateId in :certificates"
                        + (withoutCertificate ? " or certificateId is null)" : ")"),
                        Parameters.with("id", order.afterSaleId).and("certificates", certificates))
                .chain(() -> Panache.getSession().chain(session -> session.createSelectionQuery(
                                "select coalesce(max(lineNo), 0) + 1 from AfterSaleRefundLine where afterSaleId = ?1",
                                Integer.class)
                        .setParameter(1, order.afterSaleId).getSingleResult()));
    }

    private Uni<Void> persistLines(AfterSaleOrder order, int firstLineNo,
                                   List<AfterSaleDetailResponse.RefundInfo> lines) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            AfterSaleRefundLine line = AfterSaleRefundLine.of(order, firstLineNo + i, lines.get(i));
            rows.add(line);
            rows.addAll(line.timesCards);
        }
        return rows.isEmpty() ? Uni.createFrom().voidItem() : AfterSaleOrder.persist(rows);
    }

    /**
     * A page of stored orders, most recently synced first, with their lines; each filter is added only when given,
     * so the query uses its index.
     */
    @WithSession
    public Uni<PageResult<AfterSaleOrder>> list(String orderId, String certificateId, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (orderId != null) {
            conditions.add("orderId = :orderId");
            parameters = parameters.and("orderId", orderId);
        }
        if (certificateId != null) {
            conditions.add("afterSaleId in (select l.afterSaleId from AfterSaleRefundLine l"
                    + " where l.certificateId = :certificateId)");
            parameters = parameters.and("certificateId", certificateId);
        }
        PanacheQuery<AfterSaleOrder> query = conditions.isEmpty() ? AfterSaleOrder.findAll(NEWEST_SYNC_FIRST)
                : AfterSaleOrder.find(String.join(" and ", conditions), NEWEST_SYNC_FIRST, parameters);
        return Pages.read(query, page).call(found -> withLines(found.items()));
    }

    /** The stored orders with these ids, with their lines, in the order given. */
    @WithSession
    public Uni<List<AfterSaleOrder>> findAll(List<String> afterSaleIds) {
        if (afterSaleIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return AfterSaleOrder.<AfterSaleOrder>list("afterSaleId in ?1", afterSaleIds).chain(this::withLines)
                .map(found -> {
                    Map<String, AfterSaleOrder> byId = found.stream()
                            .collect(Collectors.toMap(o -> o.afterSaleId, Function.identity()));
                    return afterSaleIds.stream().map(byId::get).filter(Objects::nonNull).toList();
                });
    }

    /**
     * Loads the lines of {@code orders} and their times-card entries, two queries for any number of orders (one
     * fetch per collection: fetching both in one query would multiply the rows).
     */
    private Uni<List<AfterSaleOrder>> withLines(List<AfterSaleOrder> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(orders);
        }
        List<String> ids = orders.stream().map(o -> o.afterSaleId).toList();
        return AfterSaleOrder.list("from AfterSaleOrder o left join fetch o.refundLines where o.afterSaleId in ?1", ids)
                .chain(() -> AfterSaleRefundLine.list(
                        "from AfterSaleRefundLine l left join fetch l.timesCards where l.afterSaleId in ?1", ids))
                .replaceWith(orders);
    }
}
