package com.provider.common.repository;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

import java.util.StringJoiner;

/**
 * The conditions of an operator listing, made of the filters actually given: a filter left out is not in the
 * query at all (never {@code :p IS NULL OR field = :p}, which no index can serve), so PostgreSQL plans each
 * combination with the index of its filters.
 */
public final class Filters {

    private final StringJoiner conditions = new StringJoiner(" and ");
    private final Parameters parameters = new Parameters();
    private int count;

    private Filters() {
    }

    public static Filters where() {
        return new Filters();
    }

    /** Adds {@code field = value} unless {@code value} is null (the filter was not given). */
    public Filters equal(String field, Object value) {
        return satisfying(field + " = :value", value);
    }

    /**
     * Adds {@code condition}, an HQL condition in which {@code :value} stands for {@code value}, unless {@code value}
     * is null (the filter was not given).
     */
    public Filters satisfying(String condition, Object value) {
        if (value != null) {
            String name = "p" + count++;
            conditions.add(condition.replace(":value", ":" + name));
            parameters.and(name, value);
        }
        return this;
    }

    /** The repository's entities matching every filter given, in {@code sort} order. */
    public <E, I> PanacheQuery<E> find(PanacheRepositoryBase<E, I> repository, Sort sort) {
        return count == 0 ? repository.findAll(sort) : repository.find(conditions.toString(), sort, parameters);
    }
}
