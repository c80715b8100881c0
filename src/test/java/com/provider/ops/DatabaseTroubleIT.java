package com.provider.ops;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Database trouble met by the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class DatabaseTroubleIT extends DatabaseTroubleTest {
}
