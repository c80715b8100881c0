package com.provider.common.rest;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.function.Function;

/** One page of an operator listing; {@code page} counts from 0; {@code total} counts every match, on every page. */
@RegisterForReflection
public record PageResult<T>(List<T> items, int page, int size, long total) {

    /**
     * The requested page of {@code query} with the total of its matches. A page past the end holds no items and
     * still reports the total (the rows are not read then).
     */
    public static <E> Uni<PageResult<E>> of(PanacheQuery<E> query, PageRequest page) {
        return query.count().chain(total -> page.offset() >= total
                ? Uni.createFrom().item(new PageResult<E>(List.of(), page.page(), page.size(), total))
                : query.page(Page.of(page.page(), page.size())).<E>list()
                        .map(items -> new PageResult<>(items, page.page(), page.size(), total)));
    }

    public <R> PageResult<R> map(Function<T, R> item) {
        return new PageResult<>(items.stream().map(item).toList(), page, size, total);
    }
}
