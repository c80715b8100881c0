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
 * Each app owns {@code per-second} slot rows. A call takes a free slot with one atomic statement (the slot
 * free the longest is locked {@code FOR UPDATE SKIP LOCKED} and marked busy, by the database clock) and gives
 * it back when its HTTP exchange ends; the slot is free again one window (1 s + safety margin) after that.
 * So two calls on one slot reach Douyin more than a second apart, whatever the network latency between
 * taking the slot and the request arriving: no rolling second, as Douyin counts it, sees more than
 * {@code per-second} calls. A replica that dies holding a slot loses it only until the slot's lease
 * ({@code busy_until}) passes. Replicas need not know about each other and their clocks do not matter; with
 * several replicas keep {@code per-second} at the app's quota: the budget is already global, not per replica.
 * <p>
 * A caller that finds no free slot is told when the next one frees up, waits that long (a non-blocking timer,
 * plus jitter so waiters do not all wake at once) and tries again, until {@code max-wait} has passed; then it
 * fails with {@link RateBudgetExhaustedException}. Calls over the budget are delayed, never dropped.
 * <p>
 * SQL, not entities: taking a slot is one {@code UPDATE ... FOR UPDATE SKIP LOCKED} by the database's clock, so
 * replicas never wait for each other's rows and never compare their own clocks.
 */
@ApplicationScoped
public class RateBudget {

    private static final String ENSURE_SLOTS = """
            INSERT INTO douyin_rate_slot (app, slot)
            SELECT $1, s FROM generate_series(0, $2 - 1) AS s
            ON CONFLICT (app, slot) DO NOTHING""";

    // $1 app, $2 slots in use, $3 lease in ms. slot is null when none is free; wait_ms says when one frees up.
    private static final String TAKE = """
            WITH free AS (
                SELECT slot FROM douyin_rate_slot
                WHERE app = $1 AND slot < $2 AND free_at <= clock_timestamp()
                ORDER BY free_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            ), taken AS (
                UPDATE douyin_rate_slot s
                SET taken_at = clock_timestamp(), free_at = clock_timestamp() + $3 * interval '1 millisecond'
                FROM free WHERE s.app = $1 AND s.slot = free.slot
                RETURNING s.slot, s.taken_at
            )
            SELECT (SELECT slot FROM taken) AS slot, (SELECT taken_at FROM taken) AS taken_at,
                   (SELECT ceil(extract(epoch FROM min(free_at) - clock_timestamp()) * 1000)::bigint
                    FROM douyin_rate_slot WHERE app = $1 AND slot < $2) AS wait_ms""";

    // Only the taker may give the slot back (a lease that expired may have passed it to someone else).
    private static final String RELEASE = """
            UPDATE douyin_rate_slot SET free_at = clock_timestamp() + $4 * interval '1 millisecond'
            WHERE app = $1 AND slot = $2 AND taken_at = $3""";

    /** Floor of a wait: the next slot may be given back any moment. */
    private static final long MIN_WAIT_MS = 5;

    /** A slot held for one call; give it back with {@link #release}. */
    public record Slot(String app, int slot, java.time.OffsetDateTime takenAt) {
    }

    private final Pool pool;
    private final int perSecond;
    private final long windowMs;
    private final long leaseMs;
    private final Duration maxWait;
    private final Set<String> slotsEnsured = ConcurrentHashMap.newKeySet();

    public RateBudget(Pool pool, DouyinOpenApiConfig config) {
        this.pool = pool;
        this.perSecond = config.rateLimit().perSecond();
        if (perSecond < 1) {
            throw new IllegalArgumentException("douyin.openapi.rate-limit.per-second must be at least 1");
        }
        this.windowMs = 1000 + config.rateLimit().safetyMargin().toMillis();
        // a call never holds its slot longer than its timeout; twice that covers a replica that died meanwhile
        this.leaseMs = 2 * config.callTimeout().toMillis() + windowMs;
        this.maxWait = config.rateLimit().maxWait();
    }

    /** Completes with a slot of {@code app}'s budget, taken for one call. */
    public Uni<Slot> acquire(String app) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        return ensureSlots(app).chain(() -> take(app, deadline));
    }

    /** Gives the slot back once its call ended: it is free again one window later. */
    public Uni<Void> release(Slot slot) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(slot.app(), slot.slot(), slot.takenAt(), windowMs))
                .replaceWithVoid()
                .onFailure().recoverWithNull(); // the lease frees it anyway
    }

    private Uni<Void> ensureSlots(String app) {
        if (slotsEnsured.contains(app)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(ENSURE_SLOTS).execute(Tuple.of(app, perSecond))
                .invoke(() -> slotsEnsured.add(app))
                .replaceWithVoid();
    }

    private Uni<Slot> take(String app, long deadline) {
        return pool.preparedQuery(TAKE).execute(Tuple.of(app, perSecond, leaseMs)).flatMap(rows -> {
            Row row = rows.iterator().next();
            Integer slot = row.getInteger("slot");
            if (slot != null) {
                return Uni.createFrom().item(new Slot(app, slot, row.getOffsetDateTime("taken_at")));
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
