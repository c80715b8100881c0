package com.provider.aftersale.service;

import com.provider.aftersale.model.AfterSaleOrder;
import com.provider.aftersale.repository.AfterSaleOrderRepository;
import com.provider.common.repository.Pages;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The stored after-sale orders: what a detail answer writes, and what operators read. */
@ApplicationScoped
public class AfterSaleOrderService {

    private final AfterSaleOrderRepository orders;

    public AfterSaleOrderService(AfterSaleOrderRepository orders) {
        this.orders = orders;
    }

    /**
     * Stores every order of {@code answer} to a query for {@code accountId} (and {@code certificateId}, when the query
     * named one) in one transaction, with their refund lines ({@link AfterSaleOrderRepository#replaceLines});
     * returns their after_sale_ids in answer order. An order older than the stored one (by Douyin's
     * {@code update_time}) changes nothing: two syncs may finish out of order. Orders without an after_sale_id or
     * order_id are skipped.
     */
    @WithTransaction
    public Uni<List<String>> store(AfterSaleDetailResponse answer, String accountId, String certificateId,
                                   String operator) {
        AfterSaleDetailResponse.Data data = answer.data();
        List<AfterSaleDetailResponse.Order> valid = data == null || data.afterSaleOrderList() == null ? List.of()
                : data.afterSaleOrderList().stream().filter(Objects::nonNull)
                .filter(o -> o.afterSaleId() != null && !o.afterSaleId().isBlank() && o.orderId() != null).toList();
        // Rows are locked in after_sale_id order, so two syncs storing overlapping answers cannot deadlock; an
        // after-sale order the answer repeats is stored once, as it last appears.
        Map<String, AfterSaleDetailResponse.Order> inLockOrder = new TreeMap<>();
        valid.forEach(order -> inLockOrder.put(order.afterSaleId(), order));
        return Multi.createFrom().iterable(inLockOrder.values())
                .onItem().transformToUniAndConcatenate(sent -> orders.lockOrCreate(sent, accountId).chain(order -> {
                    if (order.isNewerThan(sent)) {
                        return Uni.createFrom().voidItem();
                    }
                    order.update(sent, accountId, answer.logId(), data.hasMore(), data.cursor(), operator);
                    return orders.replaceLines(order, certificateId, sent.refundInfoList() == null ? List.of()
                            : sent.refundInfoList().stream().filter(Objects::nonNull).toList());
                }))
                .collect().asList()
                .replaceWith(valid.stream().map(AfterSaleDetailResponse.Order::afterSaleId).distinct().toList());
    }

    /** A page of stored orders, most recently synced first, each with its lines. */
    @WithSession
    public Uni<PageResult<AfterSaleOrder>> list(String orderId, String certificateId, PageRequest page) {
        return Pages.read(orders.findFiltered(orderId, certificateId), page)
                .call(found -> orders.fetchLines(found.items()));
    }

    /** The stored orders with these ids, with their lines, in the order given. */
    @WithSession
    public Uni<List<AfterSaleOrder>> find(List<String> afterSaleIds) {
        if (afterSaleIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return orders.list("afterSaleId in ?1", afterSaleIds).chain(orders::fetchLines).map(found -> {
            Map<String, AfterSaleOrder> byId = found.stream()
                    .collect(Collectors.toMap(order -> order.afterSaleId, Function.identity()));
            return afterSaleIds.stream().map(byId::get).filter(Objects::nonNull).toList();
        });
    }
}
