package com.provider.hotel;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same behaviour from the packaged production jar, configured only through the contract's environment. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class HotelCancelOrderIT extends HotelCancelOrderTest {
}
