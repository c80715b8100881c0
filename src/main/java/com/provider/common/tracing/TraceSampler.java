package com.provider.common.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * Which spans are recorded. Every span gets its trace and span ids (the log lines carry them, exported or not),
 * but a span is only recorded, with its attributes, when there is somewhere to send it: an OTLP endpoint
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}) or a span exporter bean (the tests' in-memory one). Without either, a
 * callback costs its ids and nothing else.
 * <p>
 * When recording: a span with a parent follows its parent's decision (an incoming {@code traceparent} that says
 * "not sampled" is respected); a new trace is recorded, except one that would start with a client span: a
 * database query or an HTTP call made outside any traced work (the queue gauges' poll, a worker's empty claim)
 * says nothing on its own and would be most of the traces.
 */
@Singleton
public class TraceSampler implements Sampler {

    private final boolean recording;

    public TraceSampler(@ConfigProperty(name = "quarkus.otel.exporter.otlp.endpoint") Optional<String> endpoint,
                        @ConfigProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint") Optional<String> tracesEndpoint,
                        Instance<SpanExporter> exporters) {
        this.recording = endpoint.filter(e -> !e.isBlank()).isPresent()
                || tracesEndpoint.filter(e -> !e.isBlank()).isPresent()
                || !exporters.isUnsatisfied();
    }

    /** Whether spans are recorded (and exported) at all. */
    public boolean recording() {
        return recording;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        if (!recording) {
            return SamplingResult.drop();
        }
        SpanContext parent = Span.fromContext(parentContext).getSpanContext();
        if (parent.isValid()) {
            return parent.isSampled() ? SamplingResult.recordAndSample() : SamplingResult.drop();
        }
        return spanKind == SpanKind.CLIENT ? SamplingResult.drop() : SamplingResult.recordAndSample();
    }

    @Override
    public String getDescription() {
        return recording ? "TraceSampler{parent-based, no client roots}" : "TraceSampler{ids only, nothing recorded}";
    }
}
