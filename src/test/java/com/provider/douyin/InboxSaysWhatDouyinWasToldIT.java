package com.provider.douyin;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The packaged application's inbox rows say what Douyin was told. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
@TestProfile(InboxSaysWhatDouyinWasToldTest.StatementsOutliveTheirAnswers.class)
class InboxSaysWhatDouyinWasToldIT extends InboxSaysWhatDouyinWasToldTest {
}
