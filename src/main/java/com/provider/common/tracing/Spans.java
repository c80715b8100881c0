package com.provider.common.tracing;

import com.provider.common.db.OwnVertxContext;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
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
    private final OwnVertxContext ownContext;

    public Spans(Tracer tracer, OwnVertxContext ownContext) {
        this.tracer = tracer;
        this.ownContext = ownContext;
    }

    /**
     * Runs {@code work} in a new trace: a root span on a Vert.x context of its own ({@link OwnVertxContext}), so that
     * jobs run together do not take each other's spans (nor database sessions) as theirs. The work continues there.
     */
    public <T> Uni<T> newTrace(String name, Attributes attributes, Function<Span, Uni<T>> work) {
        return ownContext.run(() -> inSpan(tracer.spanBuilder(name).setNoParent(), attributes, work));
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
