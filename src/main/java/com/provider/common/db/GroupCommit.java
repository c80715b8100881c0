package com.provider.common.db;

import com.provider.common.logging.RateLimitedLog;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Group commit: writes that arrive while {@code maxInFlight} statements are already running wait, and go
 * together in the next statement (one round trip, one transaction, one WAL flush), up to {@code maxBatch}.
 * Under load this cuts PostgreSQL's work per write several-fold; with no load each write goes alone at once,
 * so nothing waits for a timer.
 * <p>
 * Every guarantee stays per item: a caller is completed only when the statement holding its item committed;
 * idempotency stays with the database's unique keys. Items are sorted by key (one lock order, so two
 * statements that share keys cannot deadlock), and two items with the same key never share a statement:
 * an item whose key is already in the statement being formed follows it. It waits for that statement, then
 * goes in the next one with the other waiting items, in its arrival order; if that statement committed, it
 * goes in its follower form ({@code asFollower}, which has no key: the writer may skip what the first one
 * did, and any number of followers share a statement). So a storm of one key costs its share of statements,
 * not one each, and holds up no other key. Waiting items are taken in arrival order.
 * <p>
 * If PostgreSQL refuses a statement for its data, its items are retried one by one, so one bad item cannot fail
 * its neighbours. A statement holds its slot for at most {@code statementTimeout} (its callers then fail; the
 * statement itself runs to its end, so the writer still sees what a late statement committed), and at most
 * {@code maxQueued} items wait ({@link QueueFull} at once beyond that, logged at most once a second), so a stuck
 * connection cannot stop every later write or fill the heap. Callers are completed on their own Vert.x context,
 * so their log lines keep their own MDC. An item whose caller gave up waiting (the SPI budget ran out and Douyin
 * was told to retry) is dropped if it has not been sent yet.
 * <p>
 * Traces: a statement's database span sits under the span of the earliest item it holds whose span is recorded
 * (the statement is sent from that caller's Vert.x context, where its span is current); the other callers of a
 * shared statement show no statement of their own. Nothing changes when spans are not recorded.
 *
 * @param <I> an item to write
 * @param <O> what writing one item returns
 */
public final class GroupCommit<I, O> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Writes the items in one statement and returns one result per item, in the items' order. */
    @FunctionalInterface
    public interface Writer<I, O> {
        Uni<List<O>> write(List<I> items);
    }

    /** How much a group commit holds: items per statement, statements at once, items waiting, time per statement. */
    public record Limits(int maxBatch, int maxInFlight, int maxQueued, Duration statementTimeout) {
        public Limits {
            if (maxBatch < 1 || maxInFlight < 1 || maxQueued < 1) {
                throw new IllegalArgumentException("maxBatch, maxInFlight and maxQueued must be at least 1");
            }
        }
    }

    /**
     * The write was refused at once: {@code maxQueued} items already wait for the database. Nothing was written.
     * Carries no stack trace: it is an expected answer to overload, logged (at a bounded rate) where it is thrown.
     */
    public static final class QueueFull extends RuntimeException {
        QueueFull(int maxQueued) {
            super(maxQueued + " writes are already waiting for the database", null, false, false);
        }
    }

    private static final class Pending<I, O> {
        /** Replaced by its follower form once a statement committed its key. */
        private I item;
        private final long arrival;
        private final UniEmitter<? super O> caller;
        private final Context context;
        /** The caller's span is recorded (traces are exported): its statement is sent from its context. */
        private final boolean traced;
        /** The caller stopped waiting (its budget ran out); before it is sent, the item can be dropped. */
        private volatile boolean abandoned;
        /** Items with this one's key taken while it was in a statement: they go after it. Set once it is full. */
        private volatile List<Pending<I, O>> followers = List.of();

        Pending(I item, long arrival, UniEmitter<? super O> caller, Context context, boolean traced) {
            this.item = item;
            this.arrival = arrival;
            this.caller = caller;
            this.context = context;
            this.traced = traced && context != null;
            // Termination before the item is sent can only be the caller cancelling.
            caller.onTermination(() -> abandoned = true);
        }
    }

    private final Writer<I, O> writer;
    private final Function<I, String> key;
    private final UnaryOperator<I> asFollower;
    private final Limits limits;
    private final DistributionSummary batchSizes;
    private final PriorityBlockingQueue<Pending<I, O>> queue =
            new PriorityBlockingQueue<>(64, Comparator.comparingLong(pending -> pending.arrival));
    private final AtomicLong arrivals = new AtomicLong();
    /** Items waiting: in the queue, or following an item in a statement. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** A full queue is an overload, and every caller refused is counted by its own metric: one line a second says it. */
    private final RateLimitedLog refusalLog = new RateLimitedLog(LOG, "full write queue", 1);

    /**
     * @param key        an item's key, or null for an item that may share a statement with any other
     * @param asFollower the item to write for one whose key a statement just committed (the same item if
     *                   it needs no other form; it keeps its key then, and goes one per statement)
     * @param limits     {@code statementTimeout} is how long a statement may hold its slot; after that its
     *                   callers fail (they have been answered 100 by then) and the slot goes to the next
     *                   group, while the late statement may still commit (harmless: writes are idempotent,
     *                   and the writer sees its result)
     */
    public GroupCommit(Writer<I, O> writer, Function<I, String> key, UnaryOperator<I> asFollower, Limits limits,
            DistributionSummary batchSizes) {
        this.writer = writer;
        this.key = key;
        this.asFollower = asFollower;
        this.limits = limits;
        this.batchSizes = batchSizes;
    }

    /**
     * A group commit sized by {@code config}, whose statements may hold their slot for {@code statementTimeout},
     * with its metrics tagged {@code table}: aftersale.db.write.batch (items per statement) and
     * aftersale.db.write.waiting (items waiting for one).
     */
    public static <I, O> GroupCommit<I, O> metered(String table, Writer<I, O> writer, Function<I, String> key,
            UnaryOperator<I> asFollower, GroupCommitConfig config, Duration statementTimeout, MeterRegistry registry) {
        GroupCommit<I, O> writes = new GroupCommit<>(writer, key, asFollower,
                new Limits(config.maxBatch(), config.maxInFlight(), config.maxQueued(), statementTimeout),
                DistributionSummary.builder("aftersale.db.write.batch")
                        .description("Deliveries written per statement (group commit)")
                        .tag("table", table)
                        .register(registry));
        Gauge.builder("aftersale.db.write.waiting", writes, GroupCommit::waiting)
                .description("Deliveries waiting for a statement (group commit); at max-queued, more are answered 100")
                .tag("table", table)
                .register(registry);
        return writes;
    }

    /**
     * Writes the item with whatever else is waiting; completes when its statement has committed. Fails at
     * once with {@link QueueFull} if {@code maxQueued} items are already waiting (the database is not keeping up).
     */
    public Uni<O> write(I item) {
        return Uni.createFrom().emitter(caller -> {
            if (waiting.incrementAndGet() > limits.maxQueued()) {
                waiting.decrementAndGet();
                refusalLog.warnf("%d writes are already waiting for the database", limits.maxQueued());
                caller.fail(new QueueFull(limits.maxQueued()));
                return;
            }
            queue.add(new Pending<>(item, arrivals.incrementAndGet(), caller, Vertx.currentContext(),
                    Span.current().isRecording()));
            drain();
        });
    }

    /** Items waiting for a statement (a gauge: how far the database is behind). */
    public int waiting() {
        return waiting.get();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= limits.maxInFlight()) {
                return; // the statement that finishes next drains again
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Pending<I, O>> batch = List.of();
            try {
                batch = take();
                if (batch.isEmpty()) {
                    inFlight.decrementAndGet();
                    continue;
                }
                send(batch);
            } catch (Throwable unexpected) {
                failUnsent(batch, unexpected);
            }
        }
    }

    /** Whatever went wrong before a statement was sent, its slot must not be lost: that would stop every later write. */
    private void failUnsent(List<Pending<I, O>> batch, Throwable unexpected) {
        inFlight.decrementAndGet();
        batch.forEach(pending -> {
            requeueFollowers(pending, false);
            fail(pending, unexpected);
        });
    }

    /**
     * Up to maxBatch waiting items with distinct keys, in arrival order, sorted by key; an item whose key is
     * already taken follows the one taken (it stays waiting, and costs this statement nothing).
     */
    private List<Pending<I, O>> take() {
        List<Pending<I, O>> batch = new ArrayList<>();
        Map<String, Pending<I, O>> byKey = new HashMap<>();
        Map<Pending<I, O>, List<Pending<I, O>>> followers = new HashMap<>();
        Pending<I, O> next;
        while (batch.size() < limits.maxBatch() && (next = queue.poll()) != null) {
            if (next.abandoned) {
                waiting.decrementAndGet(); // its caller was answered already; dropping it costs nothing
                continue;
            }
            String itemKey = key.apply(next.item);
            Pending<I, O> first = itemKey == null ? null : byKey.putIfAbsent(itemKey, next);
            if (first != null) {
                followers.computeIfAbsent(first, ignored -> new ArrayList<>()).add(next);
            } else {
                waiting.decrementAndGet();
                batch.add(next);
            }
        }
        followers.forEach((first, following) -> first.followers = following);
        batch.sort(Comparator.comparing(pending -> key.apply(pending.item),
                Comparator.nullsLast(Comparator.naturalOrder())));
        return batch;
    }

    private void send(List<Pending<I, O>> batch) {
        batchSizes.record(batch.size());
        Pending<I, O> traced = earliestTraced(batch);
        if (traced == null || traced.context == Vertx.currentContext()) {
            subscribe(batch);
        } else {
            traced.context.runOnContext(ignored -> {
                try {
                    subscribe(batch);
                } catch (Throwable unexpected) {
                    failUnsent(batch, unexpected);
                    drain();
                }
            });
        }
    }

    /** The item whose span the statement's span goes under: the earliest one with a recorded span, if any. */
    private static <I, O> Pending<I, O> earliestTraced(List<Pending<I, O>> batch) {
        Pending<I, O> earliest = null;
        for (Pending<I, O> pending : batch) {
            if (pending.traced && (earliest == null || pending.arrival < earliest.arrival)) {
                earliest = pending;
            }
        }
        return earliest;
    }

    private void subscribe(List<Pending<I, O>> batch) {
        write(batch).subscribe().with(results -> {
            boolean whole = results.size() == batch.size();
            for (int i = 0; i < batch.size(); i++) {
                requeueFollowers(batch.get(i), whole && results.get(i) != null);
            }
            release();
            if (!whole) {
                IllegalStateException wrong = new IllegalStateException(
                        results.size() + " results for a statement of " + batch.size() + " items");
                batch.forEach(pending -> fail(pending, wrong));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                complete(batch.get(i), results.get(i));
            }
        }, failure -> {
            batch.forEach(pending -> requeueFollowers(pending, false));
            release();
            if (batch.size() > 1 && refusedForOneItem(failure)) {
                // PostgreSQL refused the statement for what is in it: find the item by writing each alone,
                // one after another, so a group refused under load does not become a burst of statements.
                sendAlone(batch, 0);
            } else {
                batch.forEach(pending -> fail(pending, failure));
            }
        });
    }

    /**
     * Puts the items that followed {@code first} back in the queue, at their arrival position: in their follower
     * form if its statement committed their key, unchanged (to be written as usual) if it did not.
     */
    private void requeueFollowers(Pending<I, O> first, boolean keyCommitted) {
        List<Pending<I, O>> followers = first.followers;
        first.followers = List.of();
        for (Pending<I, O> follower : followers) {
            if (follower.abandoned) {
                waiting.decrementAndGet();
                continue;
            }
            if (keyCommitted) {
                follower.item = asFollower.apply(follower.item);
            }
            queue.add(follower);
        }
    }

    /**
     * The writer's statement for these items, bounded in time; a writer that throws fails the Uni. The statement
     * is subscribed on its own, so one that outlives its time limit still runs to its end and the writer sees
     * what it committed; only the callers stop waiting for it.
     */
    private Uni<List<O>> write(List<Pending<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            items.add(pending.item);
        }
        Uni<List<O>> statement;
        try {
            statement = writer.write(items);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().<List<O>>emitter(result -> statement.subscribe().with(result::complete, result::fail))
                .ifNoItem().after(limits.statementTimeout()).fail();
    }

    /**
     * SQLSTATE classes that blame the statement's data: 22 data exception, 23 integrity constraint violation,
     * 54 program limit exceeded (a key too large for its index). Anything else (a timeout, a lost connection,
     * a read-only or full database) would fail each item alone as well. Decided by SQLSTATE, not by the
     * severity text, which the server translates.
     */
    private static boolean refusedForOneItem(Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
        }
        return false;
    }

    private void sendAlone(List<Pending<I, O>> batch, int index) {
        if (index == batch.size()) {
            return;
        }
        Pending<I, O> pending = batch.get(index);
        if (pending.abandoned) {
            sendAlone(batch, index + 1);
            return;
        }
        write(List.of(pending)).subscribe().with(results -> {
            if (results.size() == 1) {
                complete(pending, results.get(0));
            } else {
                fail(pending, new IllegalStateException(results.size() + " results for one item"));
            }
            sendAlone(batch, index + 1);
        }, failure -> {
            fail(pending, failure);
            sendAlone(batch, index + 1);
        });
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
    }


    private static <O> void complete(Pending<?, O> pending, O result) {
        if (result == null) {
            fail(pending, new IllegalStateException("the statement returned no row for this item"));
        } else {
            onCallerContext(pending, () -> pending.caller.complete(result));
        }
    }

    private static void fail(Pending<?, ?> pending, Throwable failure) {
        onCallerContext(pending, () -> pending.caller.fail(failure));
    }

    /**
     * Runs a caller's continuation on its own context. An exception there must not stop the other callers of
     * the same statement from being completed (Mutiny would swallow it and leave them waiting).
     */
    private static void onCallerContext(Pending<?, ?> pending, Runnable action) {
        Runnable guarded = () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("a caller's continuation failed", e);
            }
        };
        Context context = pending.context;
        if (context == null || context == Vertx.currentContext()) {
            guarded.run();
        } else {
            context.runOnContext(ignored -> guarded.run());
        }
    }
}
