package com.provider.douyin.client;

import com.provider.common.tracing.TraceKeys;
import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import com.provider.douyin.client.dto.CancelAuditRequest;
import com.provider.douyin.client.dto.CancelAuditResponse;
import com.provider.douyin.client.dto.PlatformAnswer;
import com.provider.douyin.config.DouyinApps.App;
import com.provider.douyin.config.DouyinOpenApiConfig;
import com.provider.douyin.token.ClientTokenService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Every OpenAPI call goes through here, on behalf of one app (the one the work came in through). One attempt =
 * that app's shared client token + one slot of that app's shared rate budget + one HTTP exchange under
 * {@link PerCallTimeout} + {@link PlatformOutcomes#check}; a refused token is dropped and the attempt repeated
 * once with a new one (the refusal means the request was not applied). Around the attempt, SmallRye Fault
 * Tolerance retries transient outcomes with exponential backoff and jitter, and a circuit breaker
 * ({@value #CIRCUIT_BREAKER}) stops calling a platform that keeps failing, letting a trial call through after its
 * delay. A non-idempotent call (cancel audit) whose request may have been applied (it timed out after sending, a
 * 5xx, an unreadable answer) is never repeated here: its caller records the unknown outcome and decides. Every
 * failure leaves as a {@link DouyinCallException} with the platform's code and log id.
 */
@ApplicationScoped
@Startup // builds the guard at start, so the circuit exists for the readiness check before the first call
public class DouyinGateway {

    public static final String CIRCUIT_BREAKER = "douyin-openapi";

    private static final Logger LOG = Logger.getLogger(DouyinGateway.class);
    private static final AttributeKey<String> ACCOUNT_ID = AttributeKey.stringKey("account_id");
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final DouyinApi api;
    private final ClientTokenService tokens;
    private final RateBudget rateBudget;
    private final PerCallTimeout perCall;
    private final Guard resilience;
    private final DouyinMetrics metrics;
    private final DouyinExchange exchange;

    public DouyinGateway(@RestClient DouyinApi api, ClientTokenService tokens, RateBudget rateBudget,
                         PerCallTimeout perCall, DouyinMetrics metrics, DouyinExchange exchange,
                         DouyinOpenApiConfig config) {
        this.metrics = metrics;
        this.exchange = exchange;
        this.api = api;
        this.tokens = tokens;
        this.rateBudget = rateBudget;
        this.perCall = perCall;
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
                    .whenException(PlatformOutcomes::isRepeatable)
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

    /** PROTOCOL.md 2c: the after-sale orders of an order, optionally of one certificate, through {@code app}. */
    public Uni<AfterSaleDetailResponse> afterSaleDetail(App app, String accountId, String orderId,
                                                        String certificateId) {
        Attributes keys = Attributes.builder().put(TraceKeys.CLIENT_KEY, app.clientKey()).put(ACCOUNT_ID, accountId)
                .put(TraceKeys.ORDER_ID, orderId).put(TraceKeys.CERTIFICATE_ID, certificateId).build();
        return call(app, DouyinMetrics.AFTER_SALE_DETAIL, "after-sale detail of order " + orderId, keys, true,
                PlatformErrorCodes::ofOpenApi, token -> api.afterSaleDetail(token, accountId, orderId, certificateId));
    }

    /**
     * PROTOCOL.md 2b: delivers an operator's decision on a hotel cancellation through {@code app}. Not idempotent
     * as far as anyone knows: a request that may have been applied is not repeated inside this call, and an
     * answer with one of {@code finalCodes} (the caller's "already decided" codes) is final, never repeated.
     */
    public Uni<CancelAuditResponse> cancelAudit(App app, CancelAuditRequest request, Set<Long> finalCodes) {
        Attributes keys = Attributes.of(TraceKeys.CLIENT_KEY, app.clientKey(), TraceKeys.CANCEL_ID, request.cancelId(),
                TraceKeys.ORDER_ID, request.orderId());
        return call(app, DouyinMetrics.CANCEL_AUDIT, "cancel audit of cancellation " + request.cancelId(), keys, false,
                code -> finalCodes.contains(code) ? PlatformOutcome.PERMANENT : PlatformErrorCodes.ofOpenApi(code),
                token -> api.cancelAudit(token, request));
    }

    @SuppressWarnings("unchecked")
    private <A extends PlatformAnswer> Uni<A> call(App app, String apiName, String operation, Attributes keys,
                                                   boolean idempotent,
                                                   LongFunction<PlatformOutcome> codes,
                                                   Function<String, Uni<A>> request) {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Uni<Object>> attempt = () -> {
            attempts.incrementAndGet();
            Uni<A> answer = attemptWithToken(app, apiName, operation, keys, codes, request);
            if (!idempotent) {
                answer = answer.onFailure().transform(failure -> {
                    DouyinCallException e = PlatformOutcomes.fromFailure(operation, failure);
                    return e.outcomeUnknown() ? e.asNotRepeatable() : e;
                });
            }
            return answer.map(a -> (Object) a);
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

    private <A extends PlatformAnswer> Uni<A> attemptWithToken(App app, String apiName, String operation,
                                                               Attributes keys, LongFunction<PlatformOutcome> codes,
                                                               Function<String, Uni<A>> request) {
        return token(app, operation).chain(token -> once(app, apiName, operation, keys, codes, request, token)
                .onFailure(PlatformOutcomes::isTokenRefused).recoverWithUni(refused -> tokens.invalidate(app, token)
                        .chain(() -> token(app, operation))
                        .chain(fresh -> once(app, apiName, operation, keys, codes, request, fresh)
                                // refused again right after a refresh: the token side is in trouble, not the call
                                .onFailure(PlatformOutcomes::isTokenRefused).transform(again ->
                                        PlatformOutcomes.fromFailure(operation, again).asTokenTrouble()))));
    }

    /** {@code app}'s token; failing to get one is token trouble for the call, which was not sent. */
    private Uni<String> token(App app, String operation) {
        return tokens.current(app).onFailure().transform(failure ->
                PlatformOutcomes.fromFailure(operation + " (client token)", failure).asTokenTrouble());
    }

    private <A extends PlatformAnswer> Uni<A> once(App app, String apiName, String operation, Attributes keys,
                                                   LongFunction<PlatformOutcome> codes,
                                                   Function<String, Uni<A>> request, String token) {
        return rateBudget.acquire(app.clientKey())
                .chain(slot -> exchange.run(apiName, keys, () -> perCall.apply(operation, () -> request.apply(token))
                                .map(answer -> PlatformOutcomes.check(operation, answer, codes)))
                        .onTermination().call(() -> rateBudget.release(slot)));
    }
}
