package com.provider.common.db;

import io.micrometer.core.instrument.DistributionSummary;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;

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
 * (the second goes in a later one and sees the first). If a statement is refused by PostgreSQL, each of its
 * items is retried alone, so one bad item cannot fail its neighbours. Callers are completed on their own
 * Vert.x context, so their log lines keep their own MDC. An item whose caller gave up waiting (the SPI
 * budget ran out and Douyin was told to retry) is dropped if it has not been sent yet.
 *
 * @param <I> an item to write
 * @param <O> what writing one item returns
 */
public final class GroupCommit<I, O> {

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

        I item() {
            return item;
        }

        UniEmitter<? super O> caller() {
            return caller;
        }

        Context context() {
            return context;
        }
    }

    private final Writer<I, O> writer;
    private final Function<I, String> key;
    private final int maxBatch;
    private final int maxInFlight;
    private final DistributionSummary batchSizes;
    private final ConcurrentLinkedDeque<Pending<I, O>> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public GroupCommit(Writer<I, O> writer, Function<I, String> key, int maxBatch, int maxInFlight,
            DistributionSummary batchSizes) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.writer = writer;
        this.key = key;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.batchSizes = batchSizes;
    }

    /** Writes the item with whatever else is waiting; completes when its statement has committed. */
    public Uni<O> write(I item) {
        return Uni.createFrom().emitter(caller -> {
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
            List<Pending<I, O>> batch = take();
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(batch);
        }
    }

    /** Up to maxBatch waiting items with distinct keys, sorted by key; looks at no more than maxBatch items. */
    private List<Pending<I, O>> take() {
        List<Pending<I, O>> batch = new ArrayList<>();
        List<Pending<I, O>> sameKey = List.of();
        Set<String> keys = new HashSet<>();
        Pending<I, O> next;
        for (int looked = 0; looked < maxBatch && (next = queue.pollFirst()) != null; looked++) {
            if (next.abandoned) {
                continue;
            }
            if (keys.add(key.apply(next.item()))) {
                batch.add(next);
            } else {
                if (sameKey.isEmpty()) {
                    sameKey = new ArrayList<>();
                }
                sameKey.add(next);
            }
        }
        for (int i = sameKey.size() - 1; i >= 0; i--) {
            queue.offerFirst(sameKey.get(i));
        }
        batch.sort(Comparator.comparing(pending -> key.apply(pending.item())));
        return batch;
    }

    private void send(List<Pending<I, O>> batch) {
        batchSizes.record(batch.size());
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            items.add(pending.item());
        }
        Uni<List<O>> written;
        try {
            written = writer.write(items);
        } catch (RuntimeException e) {
            written = Uni.createFrom().failure(e);
        }
        written.subscribe().with(results -> {
            release();
            for (int i = 0; i < batch.size(); i++) {
                complete(batch.get(i), results.get(i));
            }
        }, failure -> {
            release();
            if (batch.size() > 1 && refusedStatement(failure)) {
                // PostgreSQL refused the statement: find the item it refused by writing each alone.
                batch.forEach(this::sendAlone);
            } else {
                batch.forEach(pending -> fail(pending, failure));
            }
        });
    }

    /** An ERROR refuses one statement; FATAL or PANIC, or no answer at all, is the connection or the server. */
    private static boolean refusedStatement(Throwable failure) {
        return failure instanceof PgException pg && "ERROR".equals(pg.getSeverity());
    }

    private void sendAlone(Pending<I, O> pending) {
        writer.write(List.of(pending.item())).subscribe().with(
                results -> complete(pending, results.get(0)),
                failure -> fail(pending, failure));
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
    }

    private static <O> void complete(Pending<?, O> pending, O result) {
        onCallerContext(pending, () -> pending.caller().complete(result));
    }

    private static void fail(Pending<?, ?> pending, Throwable failure) {
        onCallerContext(pending, () -> pending.caller().fail(failure));
    }

    private static void onCallerContext(Pending<?, ?> pending, Runnable action) {
        Context context = pending.context();
        if (context == null || context == Vertx.currentContext()) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
