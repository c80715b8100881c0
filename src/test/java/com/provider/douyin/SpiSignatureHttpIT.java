package com.provider.douyin;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Signature checks of the packaged production jar. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class SpiSignatureHttpIT extends SpiSignatureHttpTest {
}
