package com.provider.support;

import java.time.Duration;

/** Repeats an assertion until it holds or the time is up; then fails with its last error. */
public final class Eventually {

    private Eventually() {
    }

    public static void within(Duration limit, Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
