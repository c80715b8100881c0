package com.provider.scenic;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Group commit of scenic notices in the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class ScenicGroupCommitIT extends ScenicGroupCommitTest {
}
