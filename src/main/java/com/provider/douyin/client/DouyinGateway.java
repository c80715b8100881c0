package com.provider.douyin.client;

import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import com.provider.douyin.client.dto.CancelAuditRequest;
import com.provider.douyin.client.dto.CancelAuditResponse;
import com.provider.douyin.client.dto.PlatformAnswer;
import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.config.DouyinOpenApiConfig;
import com.provider.douyin.token.ClientTokenService;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every OpenAPI call goes through here. One attempt = shared client token + one slot of the shared rate budget
 * + one HTTP exchange under {@link PerCallTimeout} + {@link PlatformOutcomes#check}; a refused token is dropped
 * and the attempt repeated once with a new one. Around the attempt, SmallRye Fault Tolerance retries transient
 * outcomes with exponential backoff and jitter, and a circuit breaker ({@value #CIRCUIT_BREAKER}) stops calling
 * a platform that keeps failing, letting a trial call through after its delay. Every failure leaves as a
 * {@link DouyinCallException} with the platform's code and log id.
 */
@ApplicationScoped
@Startup // builds the guard at start, so the circuit exists for the readiness check before the first call
public class DouyinGateway {

    public static final String CIRCUIT_BREAKER = "douyin-openapi";

    private static final Logger LOG = Logger.getLogger(DouyinGateway.class);
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final DouyinApi api;
    private final ClientTokenService tokens;
    private final RateBudget rateBudget;
    private final PerCallTimeout perCall;
    private final String app;
    private final Guard resilience;
    private final DouyinMetrics metrics;

    public DouyinGateway(@RestClient DouyinApi api, ClientTokenService tokens, RateBudget rateBudget,
                         PerCallTimeout perCall, DouyinMetrics metrics, DouyinConfig douyin,
                         DouyinOpenApiConfig config) {
        this.metrics = metrics;
        this.api = api;
        this.tokens = tokens;
        this.rateBudget = rateBudget;
        this.perCall = perCall;
        this.app = douyin.clientKey();
        DouyinOpenApiConfig.Retry retry = config.retry();
        DouyinOpenApiConfig.CircuitBreaker circuit = config.circuitBreaker();
        // Retry wraps the circuit breaker: every attempt counts in the circuit's window, and an open circuit
        // ends the retries at once (CircuitBreakerOpenException is not transient for the retry).
        this.resilience = Guard.create()
                .withRetry()
                    .maxRetries(retry.maxRetries())
                    .delay(retry.delay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(retry.jitter().toMillis(), ChronoUnit.MILLIS)
                    .withExponentialBackoff().factor(2).maxDelay(retry.maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                    .whenException(PlatformOutcomes::isTransient)
                    .done()
                .withCircuitBreaker()
                    .name(CIRCUIT_BREAKER)
                    .requestVolumeThreshold(circuit.requestVolumeThreshold())
                    .failureRatio(circuit.failureRatio())
                    .delay(circuit.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(circuit.successThreshold())
                    // only a platform in trouble opens the circuit; refusals mean it answered fine
                    .when(PlatformOutcomes::isPlatformUnwell)
                    .onStateChange(state -> LOG.warnf("Douyin OpenAPI circuit is now %s", state))
                    .done()
                .build();
    }

    /** PROTOCOL.md 2c: the after-sale orders of an order, optionally of one certificate. */
    public Uni<AfterSaleDetailResponse> afterSaleDetail(String accountId, String orderId, String certificateId) {
        return call(DouyinMetrics.AFTER_SALE_DETAIL, "after-sale detail of order " + orderId,
                token -> api.afterSaleDetail(token, accountId, orderId, certificateId));
    }

    /** PROTOCOL.md 2b: delivers an operator's decision on a hotel cancellation. */
    public Uni<CancelAuditResponse> cancelAudit(CancelAuditRequest request) {
        return call(DouyinMetrics.CANCEL_AUDIT, "cancel audit of cancellation " + request.cancelId(),
                token -> api.cancelAudit(token, request));
    }

    @SuppressWarnings("unchecked")
    private <A extends PlatformAnswer> Uni<A> call(String apiName, String operation, Function<String, Uni<A>> request) {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Uni<Object>> attempt = () -> {
            attempts.incrementAndGet();
            return attemptWithToken(apiName, operation, request).map(answer -> (Object) answer);
        };
        return Uni.createFrom().deferred(() -> resilience.get(attempt, UNI))
                .onTermination().invoke(() -> metrics.retried(apiName, attempts.get() - 1))
                .onFailure().transform(failure -> {
                    DouyinCallException e = PlatformOutcomes.fromFailure(operation, failure);
                    if (attempts.get() > 1) {
                        e = e.withMessage(e.getMessage() + "; gave up after " + attempts.get() + " attempts");
                    }
                    LOG.warnf("%s failed: %s [outcome %s, platform logid %s]", operation, e.getMessage(),
                            e.outcome(), e.platformLogId());
                    return e;
                })
                .map(answer -> (A) answer);
    }

    private <A extends PlatformAnswer> Uni<A> attemptWithToken(String apiName, String operation,
                                                               Function<String, Uni<A>> request) {
        return tokens.current().chain(token -> once(apiName, operation, request, token)
                .onFailure(PlatformOutcomes::isTokenRefused).recoverWithUni(refused -> tokens.invalidate(token)
                        .chain(tokens::current)
                        .chain(fresh -> once(apiName, operation, request, fresh))));
    }

    private <A extends PlatformAnswer> Uni<A> once(String apiName, String operation, Function<String, Uni<A>> request,
                                                   String token) {
        return rateBudget.acquire(app)
                .chain(slot -> metrics.exchange(apiName, () -> perCall.apply(operation, () -> request.apply(token))
                                .map(answer -> PlatformOutcomes.check(operation, answer, PlatformErrorCodes::ofOpenApi)))
                        .onTermination().call(() -> rateBudget.release(slot)));
    }
}
