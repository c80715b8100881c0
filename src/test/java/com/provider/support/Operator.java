package com.provider.support;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** The operator API as an operator calls it: HTTP Basic with the dev and test credentials. */
public final class Operator {

    public static final String USER = "operator";
    public static final String PASSWORD = "operator-secret";

    private Operator() {
    }

    public static RequestSpecification operator() {
        return given().auth().preemptive().basic(USER, PASSWORD).accept("application/json");
    }
}
