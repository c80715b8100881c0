package com.provider.common.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * Spans around reactive work the HTTP and database instrumentation cannot see as a unit: a queued job, an
 * exchange with Douyin. The current span lives on the Vert.x duplicated context (that is where the database and
 * HTTP client spans find their parent), so a span is current from the work's subscription to its end, and two
 * pieces of work that run at the same time each get a duplicated context of their own ({@link #newTrace}).
 */
@ApplicationScoped
public class Spans {

    private final Tracer tracer;
    private final Vertx vertx;

    public Spans(Tracer tracer, Vertx vertx) {
        this.tracer = tracer;
        this.vertx = vertx;
    }

    /**
     * Runs {@code work} in a new trace: a root span on a duplicated context of its own, so that jobs run
     * together do not take each other's spans as parents. The work continues on that context.
     */
    public <T> Uni<T> newTrace(String name, Attributes attributes, Function<Span, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context current = Vertx.currentContext();
            Context own = VertxContext.createNewDuplicatedContext(current != null ? current : vertx.getOrCreateContext());
            return Uni.createFrom().<T>emitter(emitter -> own.runOnContext(ignored ->
                    inSpan(tracer.spanBuilder(name).setNoParent(), attributes, work)
                            .subscribe().with(emitter::complete, emitter::fail)));
        });
    }

    /**
     * Runs {@code work} in a child span of the current one. The work must be the only traced work running on its
     * context meanwhile (one step of a job or of a request, not one of several run together).
     */
    public <T> Uni<T> child(String name, Attributes attributes, Function<Span, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            if (VertxContext.isOnDuplicatedContext()) {
                return inSpan(tracer.spanBuilder(name), attributes, work);
            }
            // No duplicated context to hold the span (a caller outside Vert.x): a trace of its own.
            return newTrace(name, attributes, work);
        });
    }

    private static <T> Uni<T> inSpan(SpanBuilder builder, Attributes attributes, Function<Span, Uni<T>> work) {
        Span span = builder.setAllAttributes(attributes).startSpan();
        Scope scope = span.makeCurrent();
        Uni<T> running;
        try {
            running = work.apply(span);
        } catch (RuntimeException e) {
            end(span, scope, e);
            throw e;
        }
        return running.onTermination().invoke((item, failure, cancelled) ->
                end(span, scope, cancelled ? new IllegalStateException("cancelled") : failure));
    }

    private static void end(Span span, Scope scope, Throwable failure) {
        try {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            span.end();
        } finally {
            scope.close();
        }
    }
}
