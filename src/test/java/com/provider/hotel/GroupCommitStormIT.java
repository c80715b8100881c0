package com.provider.hotel;

import com.provider.support.AppLog;
import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

import java.util.Map;

/** Storms of redeliveries against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@TestProfile(GroupCommitStormIT.Packaged.class)
class GroupCommitStormIT extends GroupCommitStormTest {

    /** The same settings, the log in the file the integration-test launcher reads. */
    public static class Packaged extends Storms {
        @Override
        public Map<String, String> getConfigOverrides() {
            return AppLog.inLauncherLog(super.getConfigOverrides());
        }
    }
}
