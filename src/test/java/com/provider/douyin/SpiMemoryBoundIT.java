package com.provider.douyin;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The bound on SPI bodies in memory, in the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@TestProfile(SpiMemoryBoundTest.SmallBound.class)
class SpiMemoryBoundIT extends SpiMemoryBoundTest {
}
