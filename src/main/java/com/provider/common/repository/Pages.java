package com.provider.common.repository;

import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;

/** Reads one page of an operator listing with the true total, whichever page is asked for. */
public final class Pages {

    private Pages() {
    }

    /**
     * The page's rows, and the number of rows matching in all. The count costs a second query only when the page
     * cannot tell it: a full page (there may be more), or an empty page past the first (the listing may have fewer
     * pages than asked, and the total is still the real one, not 0). Call within a session.
     */
    public static <E> Uni<PageResult<E>> read(PanacheQuery<E> query, PageRequest request) {
        return query.page(Page.of(request.page(), request.size())).list().flatMap(items -> {
            boolean partial = !items.isEmpty() && items.size() < request.size();
            if (partial || (items.isEmpty() && request.page() == 0)) {
                return Uni.createFrom().item(
                        new PageResult<>(items, request.page(), request.size(), request.offset() + items.size()));
            }
            return query.count().map(total -> new PageResult<>(items, request.page(), request.size(), total));
        });
    }
}
