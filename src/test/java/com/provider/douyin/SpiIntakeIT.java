package com.provider.douyin;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The raw-socket intake checks against the packaged production jar. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class SpiIntakeIT extends SpiIntakeTest {
}
