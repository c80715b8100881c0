package com.provider.ops;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The operator API of the packaged application refuses forms. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class OperatorApiCsrfIT extends OperatorApiCsrfTest {
}
