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
     * Most cancel-order statements running at once (per replica). Fewer means larger groups and less
     * database work per delivery; more means less waiting when the database is slow.
     */
    @WithDefault("2")
    int maxInFlight();
}
