package com.provider.douyin.client;

import com.provider.douyin.config.DouyinOpenApiConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The time one HTTP exchange with Douyin may take ({@code douyin.openapi.call-timeout}), as a SmallRye Fault
 * Tolerance timeout. Kept apart from the retry/circuit guard so that waiting for a rate slot or for another
 * replica's token fetch never counts against it. Failures come out as {@link DouyinCallException}s.
 */
@ApplicationScoped
public class PerCallTimeout {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final Guard guard;

    public PerCallTimeout(DouyinOpenApiConfig config) {
        this.guard = Guard.create()
                .withTimeout().duration(config.callTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    @SuppressWarnings("unchecked")
    public <T> Uni<T> apply(String operation, Supplier<Uni<T>> call) {
        Supplier<Uni<Object>> untyped = () -> call.get().map(answer -> (Object) answer);
        return Uni.createFrom().deferred(() -> guard.get(untyped, UNI))
                .onFailure().transform(failure -> PlatformOutcomes.fromFailure(operation, failure))
                .map(answer -> (T) answer);
    }
}
