package com.provider.ops;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The probes and metrics of the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class ObservabilityIT extends ObservabilityTest {
}
