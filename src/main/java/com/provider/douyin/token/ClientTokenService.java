package com.provider.douyin.token;

import com.provider.douyin.client.DouyinApi;
import com.provider.douyin.client.DouyinCallException;
import com.provider.douyin.client.DouyinMetrics;
import com.provider.douyin.client.PerCallTimeout;
import com.provider.douyin.client.PlatformErrorCodes;
import com.provider.douyin.client.PlatformOutcomes;
import com.provider.douyin.client.RateBudget;
import com.provider.douyin.client.dto.ClientTokenRequest;
import com.provider.douyin.client.dto.ClientTokenResponse;
import com.provider.douyin.config.DouyinConfig;
import com.provider.douyin.config.DouyinOpenApiConfig;
import com.provider.douyin.token.ClientTokenRepository.FetchedToken;
import com.provider.douyin.token.ClientTokenRepository.StoredToken;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client token of the primary app, shared by every replica (PROTOCOL.md 2a): each replica keeps a copy in
 * memory for at most {@code memory-ttl}, re-reads the shared row after that, and when the row is missing or
 * within {@code refresh-margin} of expiry exactly one replica fetches a new token (see
 * {@link ClientTokenRepository#fetchUnderLock}). Within a replica, concurrent callers share one in-flight
 * load, so a cold start causes one read and at most one fetch. The token itself is never logged.
 */
@ApplicationScoped
public class ClientTokenService {

    private static final Logger LOG = Logger.getLogger(ClientTokenService.class);
    private static final String OPERATION = "client token";

    /** A token and the moment (System.nanoTime) this replica must stop trusting its copy. */
    private record CachedToken(String accessToken, long reReadAtNanos) {
        @Override
        public String toString() {
            return "CachedToken[reReadAtNanos=" + reReadAtNanos + "]";
        }
    }

    private final DouyinApi api;
    private final DouyinMetrics metrics;
    private final PerCallTimeout perCall;
    private final ClientTokenRepository repository;
    private final RateBudget rateBudget;
    private final String clientKey;
    private final String clientSecret;
    private final DouyinOpenApiConfig.Token config;
    private final AtomicReference<CachedToken> cached = new AtomicReference<>();
    private final AtomicReference<Uni<CachedToken>> inFlight = new AtomicReference<>();

    public ClientTokenService(@RestClient DouyinApi api, PerCallTimeout perCall, ClientTokenRepository repository,
                              RateBudget rateBudget, DouyinMetrics metrics, DouyinConfig douyin,
                              DouyinOpenApiConfig config) {
        this.api = api;
        this.rateBudget = rateBudget;
        this.metrics = metrics;
        this.perCall = perCall;
        this.repository = repository;
        this.clientKey = douyin.clientKey();
        this.clientSecret = douyin.clientSecret();
        this.config = config.token();
    }

    /** The token to send now. */
    public Uni<String> current() {
        return Uni.createFrom().deferred(() -> {
            CachedToken copy = cached.get();
            if (copy != null && System.nanoTime() < copy.reReadAtNanos()) {
                return Uni.createFrom().item(copy.accessToken());
            }
            return sharedLoad().map(CachedToken::accessToken);
        });
    }

    /**
     * Forgets {@code failedToken} after Douyin refused it (2190002, 2190008): in memory and in the shared row,
     * but only where it is still the current token, so a newer one fetched meanwhile survives.
     */
    public Uni<Void> invalidate(String failedToken) {
        cached.updateAndGet(copy -> copy != null && copy.accessToken().equals(failedToken) ? null : copy);
        return repository.drop(clientKey, failedToken)
                .invoke(dropped -> LOG.infof("client token of %s refused by Douyin; %s", clientKey,
                        dropped ? "dropped it" : "a newer one is already stored"))
                .replaceWithVoid();
    }

    /** One load per replica at a time: later callers join the load in flight. */
    private Uni<CachedToken> sharedLoad() {
        while (true) {
            Uni<CachedToken> running = inFlight.get();
            if (running != null) {
                return running;
            }
            AtomicReference<Uni<CachedToken>> self = new AtomicReference<>();
            Uni<CachedToken> load = Uni.createFrom().deferred(() -> loadOrFetch(deadline()))
                    .invoke(cached::set)
                    .onTermination().invoke(() -> inFlight.compareAndSet(self.get(), null))
                    .memoize().indefinitely();
            self.set(load);
            if (inFlight.compareAndSet(null, load)) {
                return load;
            }
        }
    }

    private long deadline() {
        return System.nanoTime() + config.lockWait().toNanos();
    }

    private Uni<CachedToken> loadOrFetch(long deadline) {
        return repository.readFresh(clientKey, config.refreshMargin()).flatMap(stored -> stored.isPresent()
                ? Uni.createFrom().item(toCached(stored.get()))
                : repository.fetchUnderLock(clientKey, config.refreshMargin(), this::fetch).flatMap(fetched -> {
                    if (fetched.isPresent()) {
                        return Uni.createFrom().item(toCached(fetched.get()));
                    }
                    if (System.nanoTime() > deadline) {
                        return Uni.createFrom().failure(DouyinCallException.retryLater(OPERATION
                                + ": another replica is fetching the token and has not stored it in time", null));
                    }
                    // Another replica is fetching: wait a little and re-read what it stores.
                    return Uni.createFrom().voidItem().onItem().delayIt().by(config.lockPoll())
                            .chain(() -> loadOrFetch(deadline));
                }));
    }

    /** The token call takes a slot of the app's shared rate budget too: the platform's 10 QPS are the app's. */
    private Uni<FetchedToken> fetch() {
        LOG.infof("fetching a new client token for %s", clientKey);
        return rateBudget.acquire(clientKey).chain(slot -> exchangeForToken()
                .onTermination().call(() -> rateBudget.release(slot)));
    }

    private Uni<FetchedToken> exchangeForToken() {
        return metrics.exchange(DouyinMetrics.CLIENT_TOKEN, () -> perCall.apply(OPERATION,
                        () -> api.clientToken(ClientTokenRequest.of(clientKey, clientSecret)))
                .map(answer -> {
                    ClientTokenResponse checked = PlatformOutcomes.check(OPERATION, answer,
                            PlatformErrorCodes::ofTokenCall);
                    ClientTokenResponse.Data data = checked.data();
                    if (data == null || data.accessToken() == null || data.accessToken().isBlank()
                            || data.expiresIn() == null || data.expiresIn() <= 0) {
                        throw DouyinCallException.retryLater(OPERATION + ": answer without a usable token", null);
                    }
                    return new FetchedToken(data.accessToken(), data.expiresIn());
                }));
    }

    private CachedToken toCached(StoredToken stored) {
        long usableMs = stored.remainingMs() - config.refreshMargin().toMillis();
        long trustMs = Math.max(0, Math.min(config.memoryTtl().toMillis(), usableMs));
        return new CachedToken(stored.accessToken(), System.nanoTime() + Duration.ofMillis(trustMs).toNanos());
    }
}
