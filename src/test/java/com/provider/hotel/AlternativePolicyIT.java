package com.provider.hotel;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** A configured cancellation policy in the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@TestProfile(AlternativePolicyTest.Configured.class)
class AlternativePolicyIT extends AlternativePolicyTest {
}
