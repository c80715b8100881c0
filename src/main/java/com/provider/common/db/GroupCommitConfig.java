package com.provider.common.db;

import io.smallrye.config.WithDefault;

/**
 * How a {@link GroupCommit} is sized, per replica. Each table written this way has a configuration mapping of its
 * own that extends this one under its own prefix.
 */
public interface GroupCommitConfig {

    /** Most items (calls) in one statement. */
    @WithDefault("64")
    int maxBatch();

    /**
     * Most statements running at once (per replica). One gives the largest groups and the least database work per
     * call (bench/run.sh: 15 deliveries per statement at 32 connections, 20 % less PostgreSQL CPU per callback than
     * with two); more lets one replica write in parallel when the database is far away or slow.
     */
    @WithDefault("1")
    int maxInFlight();

    /**
     * Most items waiting for a statement (per replica). Beyond it, the database is not keeping up: a call is
     * answered error_code 100 at once (Douyin retries), without writing anything.
     */
    @WithDefault("1024")
    int maxQueued();
}
