package com.provider.ops;

import com.provider.support.SmallLimits;
import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The login throttle of the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@TestProfile(SmallLimits.Packaged.class)
class OperatorLoginThrottleIT extends OperatorLoginThrottleTest {
}
