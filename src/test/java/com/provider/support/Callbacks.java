package com.provider.support;

import static com.provider.support.Operator.operator;

/** The inbox as an operator reads it. */
public final class Callbacks {

    private Callbacks() {
    }

    /** The raw body of the one call Douyin sent with {@code logId}, as the operator API shows it. */
    public static String bodyOf(String logId) {
        long id = operator().queryParam("log_id", logId).get("/api/callbacks").then().statusCode(200)
                .extract().jsonPath().getLong("items[0].id");
        return operator().get("/api/callbacks/" + id).then().statusCode(200).extract().path("body");
    }
}
