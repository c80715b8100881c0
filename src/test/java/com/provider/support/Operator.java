package com.provider.support;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/**
 * The operator API as operators call it: HTTP Basic with the dev and test accounts. {@link #operator()} is
 * {@code ADMIN_USER} (an auditor); the users file of the tests has a viewer and another auditor.
 */
public final class Operator {

    public static final String USER = "operator";
    public static final String PASSWORD = "operator-secret";
    /** A viewer from the users file (src/test/resources/operators/users.txt). */
    public static final String VIEWER = "vera";
    public static final String VIEWER_PASSWORD = "viewer-secret";
    /** An auditor from the users file. */
    public static final String AUDITOR = "audrey";
    public static final String AUDITOR_PASSWORD = "auditor-secret";
    /** A viewer configured as operator.users.viewer.*, password viewer-secret. */
    public static final String CONFIGURED_VIEWER = "viewer";
    public static final String CONFIGURED_VIEWER_HASH = "$2a$10$tHCUrf1VhWAMIEwGDpQSkeUQSTWTwoNzzQARF7qCyg6Rri9/LjUtW";

    private Operator() {
    }

    public static RequestSpecification operator() {
        return as(USER, PASSWORD);
    }

    public static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password).accept("application/json");
    }
}
