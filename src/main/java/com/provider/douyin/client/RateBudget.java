package com.provider.douyin.client;

import com.provider.douyin.config.DouyinOpenApiConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The platform's call budget (10 per rolling second per app), kept in PostgreSQL so every replica shares it.
 * <p>
 * Each app owns {@code per-second} slot rows. Taking a slot is one atomic statement: the least recently used
 * slot whose last use is at least a window (1 s + safety margin) old is locked ({@code FOR UPDATE SKIP
 * LOCKED}) and stamped with the database clock. A slot serves at most one call per window, so no window ever
 * holds more than {@code per-second} calls, however many replicas take slots concurrently; replicas do not
 * need to know about each other, and their clocks do not matter. With several replicas, keep
 * {@code per-second} at the app's quota: the budget is already global, not per replica.
 * <p>
 * A caller that finds no free slot is told when the oldest slot frees up, waits that long (a non-blocking
 * timer, plus jitter so waiters do not all wake at once) and tries again, until {@code max-wait} has passed;
 * then it fails with {@link RateBudgetExhaustedException}. Calls over the budget are delayed, never dropped.
 */
@ApplicationScoped
public class RateBudget {

    private static final String ENSURE_SLOTS = """
            INSERT INTO douyin_rate_slot (app, slot)
            SELECT $1, s FROM generate_series(0, $2 - 1) AS s
            ON CONFLICT (app, slot) DO NOTHING""";

    // $1 app, $2 slots in use, $3 window in ms. slot is null when none is free; wait_ms says when one frees up.
    private static final String TAKE = """
            WITH free AS (
                SELECT slot FROM douyin_rate_slot
                WHERE app = $1 AND slot < $2 AND used_at <= clock_timestamp() - $3 * interval '1 millisecond'
                ORDER BY used_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            ), taken AS (
                UPDATE douyin_rate_slot s SET used_at = clock_timestamp()
                FROM free WHERE s.app = $1 AND s.slot = free.slot
                RETURNING s.slot
            )
            SELECT (SELECT slot FROM taken) AS slot,
                   (SELECT ceil(extract(epoch FROM min(used_at) + $3 * interval '1 millisecond' - clock_timestamp())
                           * 1000)::bigint
                    FROM douyin_rate_slot WHERE app = $1 AND slot < $2) AS wait_ms""";

    /** Floor of a wait: the oldest slot may be held by a caller stamping it right now. */
    private static final long MIN_WAIT_MS = 5;

    private final Pool pool;
    private final int perSecond;
    private final long windowMs;
    private final Duration maxWait;
    private final Set<String> slotsEnsured = ConcurrentHashMap.newKeySet();

    public RateBudget(Pool pool, DouyinOpenApiConfig config) {
        this.pool = pool;
        this.perSecond = config.rateLimit().perSecond();
        if (perSecond < 1) {
            throw new IllegalArgumentException("douyin.openapi.rate-limit.per-second must be at least 1");
        }
        this.windowMs = 1000 + config.rateLimit().safetyMargin().toMillis();
        this.maxWait = config.rateLimit().maxWait();
    }

    /** Completes once a slot of {@code app}'s budget is taken for one call. */
    public Uni<Void> acquire(String app) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        return ensureSlots(app).chain(() -> take(app, deadline));
    }

    private Uni<Void> ensureSlots(String app) {
        if (slotsEnsured.contains(app)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(ENSURE_SLOTS).execute(Tuple.of(app, perSecond))
                .invoke(() -> slotsEnsured.add(app))
                .replaceWithVoid();
    }

    private Uni<Void> take(String app, long deadline) {
        return pool.preparedQuery(TAKE).execute(Tuple.of(app, perSecond, windowMs)).flatMap(rows -> {
            Row row = rows.iterator().next();
            if (row.getInteger("slot") != null) {
                return Uni.createFrom().voidItem();
            }
            Long untilFree = row.getLong("wait_ms");
            long waitMs = Math.max(MIN_WAIT_MS, untilFree == null ? MIN_WAIT_MS : untilFree)
                    + ThreadLocalRandom.current().nextLong(MIN_WAIT_MS * 4);
            if (System.nanoTime() + Duration.ofMillis(waitMs).toNanos() > deadline) {
                return Uni.createFrom().failure(new RateBudgetExhaustedException(
                        "rate budget exhausted: no call slot for app " + app + " within " + maxWait.toMillis()
                                + " ms (" + perSecond + " calls per second shared by all replicas)"));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(waitMs))
                    .chain(() -> take(app, deadline));
        });
    }
}
