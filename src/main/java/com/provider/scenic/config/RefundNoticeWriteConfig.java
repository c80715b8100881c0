package com.provider.scenic.config;

import com.provider.common.db.GroupCommitConfig;
import io.smallrye.config.ConfigMapping;

/** How scenic refund audit notices are written (group commit, see {@code GroupCommit}). */
@ConfigMapping(prefix = "scenic.notice.write")
public interface RefundNoticeWriteConfig extends GroupCommitConfig {
}
