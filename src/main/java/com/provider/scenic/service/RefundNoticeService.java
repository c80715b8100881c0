package com.provider.scenic.service;

import com.provider.common.repository.Pages;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.scenic.model.RefundNotice;
import com.provider.scenic.repository.RefundNoticeRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What operators read of scenic refund notices. */
@ApplicationScoped
public class RefundNoticeService {

    private final RefundNoticeRepository notices;

    public RefundNoticeService(RefundNoticeRepository notices) {
        this.notices = notices;
    }

    /** A page of certificate notices, newest first, each with its sub-items. */
    @WithSession
    public Uni<PageResult<RefundNotice>> list(String orderId, PageRequest page) {
        return Pages.read(notices.findFiltered(orderId), page)
                .flatMap(found -> notices.fetchSubItems(found.items()).replaceWith(found));
    }
}
