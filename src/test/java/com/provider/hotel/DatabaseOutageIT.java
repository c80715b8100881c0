package com.provider.hotel;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** A database outage met by the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class DatabaseOutageIT extends DatabaseOutageTest {
}
