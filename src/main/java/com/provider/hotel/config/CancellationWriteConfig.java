package com.provider.hotel.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How cancel-order deliveries are written (group commit, see {@code GroupCommit}): deliveries that arrive
 * while {@link #maxInFlight()} statements are running go together in the next one.
 */
@ConfigMapping(prefix = "hotel.cancellation.write")
public interface CancellationWriteConfig {

    /** Most deliveries in one statement. */
    @WithDefault("64")
    int maxBatch();

    /**
     * Most cancel-order statements running at once (per replica). One gives the largest groups and the least
     * database work per delivery (bench/run.sh: 15 deliveries per statement at 32 connections, 20 % less
     * PostgreSQL CPU per callback than with two); more lets one replica write in parallel when the database
     * is far away or slow.
     */
    @WithDefault("1")
    int maxInFlight();

    /**
     * Most deliveries waiting for a statement (per replica). Beyond it, the database is not keeping up: a
     * delivery is answered error_code 100 at once (Douyin retries), without writing anything.
     */
    @WithDefault("1024")
    int maxQueued();
}
