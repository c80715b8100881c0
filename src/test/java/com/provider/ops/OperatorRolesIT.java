package com.provider.ops;

import com.provider.support.StandalonePostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same roles in the packaged jar: accounts from ADMIN_USER, OPERATOR_USERS_FILE and configuration. */
@QuarkusIntegrationTest
@WithTestResource(value = StandalonePostgres.class)
class OperatorRolesIT extends OperatorRolesTest {
}
