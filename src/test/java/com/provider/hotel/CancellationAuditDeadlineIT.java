package com.provider.hotel;

import com.provider.support.DouyinWireMock;
import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The audit deadline in the packaged application, delivering to a fake Douyin. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@WithTestResource(value = DouyinWireMock.class)
@TestProfile(CancellationAuditDeadlineTest.Deadline.class)
class CancellationAuditDeadlineIT extends CancellationAuditDeadlineTest {
}
