package com.provider.common.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.function.Function;

/** One page of an operator listing; {@code page} counts from 0, {@code total} counts every matching row. */
@RegisterForReflection
public record PageResult<T>(List<T> items, int page, int size, long total) {

    /** The same page with each item shown as {@code view} makes it. */
    public <V> PageResult<V> map(Function<? super T, ? extends V> view) {
        return new PageResult<>(items.stream().<V>map(view).toList(), page, size, total);
    }
}
