package com.provider.common.db;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs reactive work on a Vert.x context of its own. Hibernate Reactive keeps the session of a unit of work in the
 * current (duplicated) Vert.x context, and a session serves one operation at a time: background work started outside
 * a request (a scheduled round, a test) has no such context, and work items run concurrently must not share one.
 */
@ApplicationScoped
public class OwnVertxContext {

    private final Vertx vertx;

    public OwnVertxContext(Vertx vertx) {
        this.vertx = vertx;
    }

    /** {@code work}, subscribed on a new duplicated context; its item or failure is delivered there. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                try {
                    work.get().subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }
}
