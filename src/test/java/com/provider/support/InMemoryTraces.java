package com.provider.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The span exporter of the tests that read traces: spans are kept in memory, where the test finds them. Only in
 * a test profile that sets {@value #PROPERTY}={@code memory}; every other test runs as production does without
 * an OTLP endpoint (ids in the log lines, nothing recorded).
 */
public class InMemoryTraces {

    public static final String PROPERTY = "aftersale.test.traces";

    @Produces
    @Singleton
    @Unremovable
    @IfBuildProperty(name = PROPERTY, stringValue = "memory")
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
