package com.provider.scenic;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The scenic notice SPI of the packaged production jar. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class ScenicRefundAuditNoticeIT extends ScenicRefundAuditNoticeTest {
}
