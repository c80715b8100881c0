package com.provider.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs a blocking call of a test (an HTTP call held behind a table lock, a migration waiting for a lock) on a
 * thread of its own. CompletableFuture's default executor is the common ForkJoinPool, which has a single thread on
 * a 2-core machine; JDK 17 then started a thread per task, but JDK 25 queues the tasks on that one thread, so a
 * call blocked by a lock held back every call sent after it (GroupCommitStormIT failed on JDK 25 that way).
 */
public final class Background {

    private static final Executor THREAD_PER_CALL = task -> {
        Thread thread = new Thread(task, "test-background-call");
        thread.setDaemon(true);
        thread.start();
    };

    private Background() {
    }

    public static <T> CompletableFuture<T> supply(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, THREAD_PER_CALL);
    }

    public static CompletableFuture<Void> run(Runnable call) {
        return CompletableFuture.runAsync(call, THREAD_PER_CALL);
    }
}
