package com.provider.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A fake Douyin OpenAPI on a free port: {@code douyin.api-url} points at it for the test classes that use
 * this resource (restricted to them, so other tests keep their own app). Tests stub answers and faults
 * through {@link DouyinAnswers}; the default stubs answer a token and an empty detail.
 */
public class DouyinWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String ACCOUNT_ID = "acct-root-1";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(40));
        server.start();
        DouyinAnswers.stubDefaults(server);
        return Map.of("douyin.api-url", server.baseUrl(), "douyin.account-id", ACCOUNT_ID);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
