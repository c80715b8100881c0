package com.provider.scenic.repository;

import com.provider.common.repository.Filters;
import com.provider.scenic.model.RefundNotice;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Scenic refund notices as operators read them (the SPI stores them with {@link RefundNoticeStore}). */
@ApplicationScoped
public class RefundNoticeRepository implements PanacheRepository<RefundNotice> {

    /** Newest first, filtered by what is given only (scenic_refund_notice_order_idx for an order). */
    public PanacheQuery<RefundNotice> findFiltered(String orderId) {
        return Filters.where().equal("orderId", orderId).find(this, Sort.descending("id"));
    }

    /**
     * Loads the sub-items of notices read in this session, in one query for all of them (a page of notices is
     * read first, then this, so the page's size and total are the notices', not the joined rows').
     */
    public Uni<List<RefundNotice>> fetchSubItems(List<RefundNotice> notices) {
        if (notices.isEmpty()) {
            return Uni.createFrom().item(notices);
        }
        List<Long> ids = notices.stream().map(notice -> notice.id).toList();
        return list("from RefundNotice n left join fetch n.subItems where n.id in ?1", ids).replaceWith(notices);
    }
}
