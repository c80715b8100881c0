package com.provider.douyin.token;

import com.provider.douyin.client.DouyinApi;
import com.provider.douyin.client.DouyinCallException;
import com.provider.douyin.client.DouyinExchange;
import com.provider.douyin.client.DouyinMetrics;
import com.provider.douyin.client.PerCallTimeout;
import com.provider.douyin.client.PlatformErrorCodes;
import com.provider.douyin.client.PlatformOutcomes;
import com.provider.douyin.client.RateBudget;
import com.provider.douyin.client.dto.ClientTokenRequest;
import com.provider.douyin.client.dto.ClientTokenResponse;
import com.provider.douyin.config.DouyinApps;
import com.provider.douyin.config.DouyinApps.App;
import com.provider.douyin.config.DouyinOpenApiConfig;
import com.provider.douyin.token.ClientTokenRepository.FetchedToken;
import com.provider.douyin.token.ClientTokenRepository.StoredToken;
import com.provider.common.tracing.TraceKeys;
import io.opentelemetry.api.common.Attributes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client token of each app, shared by every replica (PROTOCOL.md 2a): one row per client_key. Each replica
 * keeps a copy in memory for at most {@code memory-ttl}, re-reads the shared row after that, and when the row is
 * missing or within its refresh margin of expiry exactly one replica fetches a new token (see
 * {@link ClientTokenRepository#fetchUnderLock}). The margin is {@code refresh-margin}, or half the token's
 * lifetime when that is shorter, so a short-lived token is not fetched anew on every call. Within a replica,
 * concurrent callers of one app share one in-flight load, so a cold start causes one read and at most one fetch
 * per app. The token itself is never logged.
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

    /** One app's copy of its token and its load in flight. */
    private static final class AppToken {
        final AtomicReference<CachedToken> cached = new AtomicReference<>();
        final AtomicReference<Uni<CachedToken>> inFlight = new AtomicReference<>();
    }

    private final DouyinApi api;
    private final DouyinExchange exchange;
    private final PerCallTimeout perCall;
    private final ClientTokenRepository repository;
    private final RateBudget rateBudget;
    private final DouyinApps apps;
    private final DouyinOpenApiConfig.Token config;
    private final Map<String, AppToken> tokens = new ConcurrentHashMap<>();

    public ClientTokenService(@RestClient DouyinApi api, PerCallTimeout perCall, ClientTokenRepository repository,
                              RateBudget rateBudget, DouyinExchange exchange, DouyinApps apps,
                              DouyinOpenApiConfig config) {
        this.api = api;
        this.rateBudget = rateBudget;
        this.exchange = exchange;
        this.perCall = perCall;
        this.repository = repository;
        this.apps = apps;
        this.config = config.token();
    }

    /** The primary app's token to send now. */
    public Uni<String> current() {
        return current(apps.primary());
    }

    /** {@code app}'s token to send now. */
    public Uni<String> current(App app) {
        return Uni.createFrom().deferred(() -> {
            CachedToken copy = state(app).cached.get();
            if (copy != null && System.nanoTime() < copy.reReadAtNanos()) {
                return Uni.createFrom().item(copy.accessToken());
            }
            return sharedLoad(app).map(CachedToken::accessToken);
        });
    }

    /** {@link #invalidate(App, String)} for the primary app. */
    public Uni<Void> invalidate(String failedToken) {
        return invalidate(apps.primary(), failedToken);
    }

    /**
     * Forgets {@code failedToken} of {@code app} after Douyin refused it (2190002, 2190008): in memory and in the
     * shared row, but only where it is still the current token, so a newer one fetched meanwhile survives.
     */
    public Uni<Void> invalidate(App app, String failedToken) {
        state(app).cached.updateAndGet(copy -> copy != null && copy.accessToken().equals(failedToken) ? null : copy);
        return repository.drop(app.clientKey(), failedToken)
                .invoke(dropped -> LOG.infof("client token of %s refused by Douyin; %s", app.clientKey(),
                        dropped ? "dropped it" : "a newer one is already stored"))
                .replaceWithVoid();
    }

    private AppToken state(App app) {
        return tokens.computeIfAbsent(app.clientKey(), key -> new AppToken());
    }

    /** One load per app and replica at a time: later callers join the load in flight. */
    private Uni<CachedToken> sharedLoad(App app) {
        AppToken state = state(app);
        while (true) {
            Uni<CachedToken> running = state.inFlight.get();
            if (running != null) {
                return running;
            }
            AtomicReference<Uni<CachedToken>> self = new AtomicReference<>();
            Uni<CachedToken> load = Uni.createFrom().deferred(() -> loadOrFetch(app, deadline()))
                    .invoke(state.cached::set)
                    .onTermination().invoke(() -> state.inFlight.compareAndSet(self.get(), null))
                    .memoize().indefinitely();
            self.set(load);
            if (state.inFlight.compareAndSet(null, load)) {
                return load;
            }
        }
    }

    private long deadline() {
        return System.nanoTime() + config.lockWait().toNanos();
    }

    private Uni<CachedToken> loadOrFetch(App app, long deadline) {
        return repository.readFresh(app.clientKey(), config.refreshMargin()).flatMap(stored -> stored.isPresent()
                ? Uni.createFrom().item(toCached(stored.get()))
                : repository.fetchUnderLock(app.clientKey(), config.refreshMargin(), () -> fetch(app))
                        .flatMap(fetched -> {
                            if (fetched.isPresent()) {
                                return Uni.createFrom().item(toCached(fetched.get()));
                            }
                            if (System.nanoTime() > deadline) {
                                return Uni.createFrom().failure(DouyinCallException.retryLater(OPERATION
                                        + " of " + app.clientKey() + ": another replica is fetching the token and"
                                        + " has not stored it in time", null));
                            }
                            // Another replica is fetching: wait a little and re-read what it stores.
                            return Uni.createFrom().voidItem().onItem().delayIt().by(config.lockPoll())
                                    .chain(() -> loadOrFetch(app, deadline));
                        }));
    }

    /** The token call takes a slot of the app's shared rate budget too: the platform's 10 QPS are the app's. */
    private Uni<FetchedToken> fetch(App app) {
        LOG.infof("fetching a new client token for %s", app.clientKey());
        return rateBudget.acquire(app.clientKey()).chain(slot -> exchangeForToken(app)
                .onTermination().call(() -> rateBudget.release(slot)));
    }

    private Uni<FetchedToken> exchangeForToken(App app) {
        String operation = OPERATION + " of " + app.clientKey();
        return exchange.run(DouyinMetrics.CLIENT_TOKEN, Attributes.of(TraceKeys.CLIENT_KEY, app.clientKey()),
                () -> perCall.apply(operation,
                        () -> api.clientToken(ClientTokenRequest.of(app.clientKey(), app.clientSecret())))
                .map(answer -> {
                    ClientTokenResponse checked = PlatformOutcomes.check(operation, answer,
                            PlatformErrorCodes::ofTokenCall);
                    ClientTokenResponse.Data data = checked.data();
                    if (data == null || data.accessToken() == null || data.accessToken().isBlank()
                            || data.expiresIn() == null || data.expiresIn() <= 0) {
                        throw DouyinCallException.retryLater(operation + ": answer without a usable token", null);
                    }
                    return new FetchedToken(data.accessToken(), data.expiresIn());
                }));
    }

    private CachedToken toCached(StoredToken stored) {
        long usableMs = stored.remainingMs() - stored.marginMs();
        long trustMs = Math.max(0, Math.min(config.memoryTtl().toMillis(), usableMs));
        return new CachedToken(stored.accessToken(), System.nanoTime() + Duration.ofMillis(trustMs).toNanos());
    }
}
