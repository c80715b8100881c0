package com.provider.aftersale.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The durable after-sale sync queue and its worker. */
@ConfigMapping(prefix = "after-sale.sync-jobs")
public interface SyncJobConfig {

    /** How often each replica looks for due jobs; {@code off} stops this replica's worker. */
    @WithDefault("5s")
    String every();

    /** Jobs one replica claims per round (they still share the platform's rate budget). */
    @WithDefault("10")
    int batchSize();

    /** Attempts before a job is GAVE_UP (a permanent refusal gives up at once). */
    @WithDefault("10")
    int maxAttempts();

    /** Wait after the first failed attempt; doubles with each further one, up to {@link #backoffMax()}. */
    @WithDefault("30s")
    Duration backoffBase();

    @WithDefault("1h")
    Duration backoffMax();

    /**
     * How long a claimed job is the worker's. Past it, another replica may take the job over (the first one is
     * presumed dead), so it must exceed the longest sync: retries, backoffs and waits for rate slots.
     */
    @WithDefault("5m")
    Duration lease();
}
