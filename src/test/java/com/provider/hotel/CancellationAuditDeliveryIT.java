package com.provider.hotel;

import com.provider.support.DouyinWireMock;
import com.provider.support.FastDelivery;
import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** Decisions delivered to a fake Douyin by the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@WithTestResource(value = DouyinWireMock.class)
@TestProfile(FastDelivery.class)
class CancellationAuditDeliveryIT extends CancellationAuditDeliveryTest {
}
