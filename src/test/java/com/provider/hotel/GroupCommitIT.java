package com.provider.hotel;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Group commit of cancel-order deliveries in the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class GroupCommitIT extends GroupCommitTest {
}
