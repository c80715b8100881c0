package com.provider.common.db;

import io.micrometer.core.instrument.DistributionSummary;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Group commit: writes that arrive while {@code maxInFlight} statements are already running wait, and go
 * together in the next statement (one round trip, one transaction, one WAL flush), up to {@code maxBatch}.
 * Under load this cuts PostgreSQL's work per write several-fold; with no load each write goes alone at once,
 * so nothing waits for a timer.
 * <p>
 * Every guarantee stays per item: a caller is completed only when the statement holding its item committed;
 * idempotency stays with the database's unique keys. Items are sorted by key (one lock order, so two
 * statements that share keys cannot deadlock), and two items with the same key never share a statement
 * (the second goes in a later one, which waits for the first to commit and then finds its row). If
 * PostgreSQL refuses a statement for its data, its items are retried one by one, so one bad item cannot fail
 * its neighbours. A statement holds its slot for at most {@code statementTimeout}, and at most
 * {@code 16 * maxBatch} items wait, so a stuck connection cannot stop every later write or fill the heap. Callers are completed on their own
 * Vert.x context, so their log lines keep their own MDC. An item whose caller gave up waiting (the SPI
 * budget ran out and Douyin was told to retry) is dropped if it has not been sent yet.
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

    private static final class Pending<I, O> {
        private final I item;
        private final UniEmitter<? super O> caller;
        private final Context context;
        /** The caller stopped waiting (its budget ran out); before it is sent, the item can be dropped. */
        private volatile boolean abandoned;

        Pending(I item, UniEmitter<? super O> caller, Context context) {
            this.item = item;
            this.caller = caller;
            this.context = context;
            // Termination before the item is sent can only be the caller cancelling.
            caller.onTermination(() -> abandoned = true);
        }
    }

    private final Writer<I, O> writer;
    private final Function<I, String> key;
    private final int maxBatch;
    private final int maxInFlight;
    private final Duration statementTimeout;
    private final int maxQueued;
    private final DistributionSummary batchSizes;
    private final ConcurrentLinkedDeque<Pending<I, O>> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param statementTimeout how long a statement may hold its slot; after that its callers fail (they have
     *                         been answered 100 by then) and the slot goes to the next group, while the late
     *                         statement may still commit (harmless: writes are idempotent)
     */
    public GroupCommit(Writer<I, O> writer, Function<I, String> key, int maxBatch, int maxInFlight,
            Duration statementTimeout, DistributionSummary batchSizes) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.writer = writer;
        this.key = key;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.statementTimeout = statementTimeout;
        this.maxQueued = 16 * maxBatch;
        this.batchSizes = batchSizes;
    }

    /**
     * Writes the item with whatever else is waiting; completes when its statement has committed. Fails at
     * once if {@code 16 * maxBatch} items are already waiting (the database is not keeping up).
     */
    public Uni<O> write(I item) {
        return Uni.createFrom().emitter(caller -> {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                caller.fail(new IllegalStateException(maxQueued + " writes are already waiting for the database"));
                return;
            }
            queue.add(new Pending<>(item, caller, Vertx.currentContext()));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight) {
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
                // Whatever went wrong, the slot must not be lost: that would stop every later write.
                inFlight.decrementAndGet();
                batch.forEach(pending -> fail(pending, unexpected));
            }
        }
    }

    /** Up to maxBatch waiting items with distinct keys, sorted by key; looks at no more than maxBatch items. */
    private List<Pending<I, O>> take() {
        List<Pending<I, O>> batch = new ArrayList<>();
        List<Pending<I, O>> sameKey = List.of();
        Set<String> keys = new HashSet<>();
        Pending<I, O> next;
        int looked = 0;
        while (looked < maxBatch && (next = queue.pollFirst()) != null) {
            queued.decrementAndGet();
            if (next.abandoned) {
                continue; // its caller was answered already; dropping it costs nothing
            }
            looked++;
            if (keys.add(key.apply(next.item))) {
                batch.add(next);
            } else {
                if (sameKey.isEmpty()) {
                    sameKey = new ArrayList<>();
                }
                sameKey.add(next);
            }
        }
        for (int i = sameKey.size() - 1; i >= 0; i--) {
            queued.incrementAndGet();
            queue.offerFirst(sameKey.get(i));
        }
        batch.sort(Comparator.comparing(pending -> key.apply(pending.item)));
        return batch;
    }

    private void send(List<Pending<I, O>> batch) {
        batchSizes.record(batch.size());
        write(batch).subscribe().with(results -> {
            release();
            if (results.size() != batch.size()) {
                IllegalStateException wrong = new IllegalStateException(
                        results.size() + " results for a statement of " + batch.size() + " items");
                batch.forEach(pending -> fail(pending, wrong));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                complete(batch.get(i), results.get(i));
            }
        }, failure -> {
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

    /** The writer's statement for these items, bounded in time; a writer that throws fails the Uni. */
    private Uni<List<O>> write(List<Pending<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            items.add(pending.item);
        }
        try {
            return writer.write(items).ifNoItem().after(statementTimeout).fail();
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
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
