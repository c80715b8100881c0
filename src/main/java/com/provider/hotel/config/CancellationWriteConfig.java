package com.provider.hotel.config;

import com.provider.common.db.GroupCommitConfig;
import io.smallrye.config.ConfigMapping;

/** How cancel-order deliveries are written (group commit, see {@code GroupCommit}). */
@ConfigMapping(prefix = "hotel.cancellation.write")
public interface CancellationWriteConfig extends GroupCommitConfig {
}
