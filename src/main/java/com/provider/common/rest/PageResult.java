package com.provider.common.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One page of an operator listing; {@code page} counts from 0. */
@RegisterForReflection
public record PageResult<T>(List<T> items, int page, int size, long total) {
}
