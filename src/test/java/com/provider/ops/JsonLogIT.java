package com.provider.ops;

import com.provider.support.AppLog;
import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

import java.util.Map;

/** The packaged application's JSON log lines. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@TestProfile(JsonLogIT.Packaged.class)
class JsonLogIT extends JsonLogTest {

    /** The same settings, the log in the file the integration-test launcher reads. */
    public static class Packaged extends JsonLogs {
        @Override
        public Map<String, String> getConfigOverrides() {
            return AppLog.inLauncherLog(super.getConfigOverrides());
        }
    }
}
