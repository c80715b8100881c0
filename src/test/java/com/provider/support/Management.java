package com.provider.support;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;

import static io.restassured.RestAssured.given;

/**
 * The management interface (probes, metrics) as Kubernetes and Prometheus call it: its own port (random in
 * tests), no login. Paths are the full ones, {@code /q/health/ready}.
 */
public final class Management {

    private Management() {
    }

    public static RequestSpecification management() {
        // test.management.url is the interface's root, e.g. http://localhost:46253/q
        URI root = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        return given().baseUri(root.getScheme() + "://" + root.getAuthority());
    }
}
