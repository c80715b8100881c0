package com.provider.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** Douyin's answers, as JSON, and the WireMock stubs and request queries the tests use. */
public final class DouyinAnswers {

    public static final String TOKEN_PATH = "/oauth/client_token/";
    public static final String DETAIL_PATH = "/goodlife/v1/akte/after_sale/order_detail/get/";
    public static final String DEFAULT_TOKEN = "clt.default-token";
    public static final String CANCEL_AUDIT_PATH = "/goodlife/v1/trip/trade/hotel/cancel/audit/";

    private DouyinAnswers() {
    }

    public static void stubDefaults(WireMockServer server) {
        server.stubFor(tokenCall().willReturn(token(DEFAULT_TOKEN)));
        server.stubFor(detailCall().willReturn(okJson(detail("order-any", "log-default"))));
    }

    public static MappingBuilder tokenCall() {
        return post(urlPathEqualTo(TOKEN_PATH));
    }

    /** The token call of one app (matched on the {@code client_key} of its body). */
    public static MappingBuilder tokenCallOf(String clientKey) {
        return post(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.client_key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(clientKey)));
    }

    public static MappingBuilder detailCall() {
        return get(urlPathEqualTo(DETAIL_PATH));
    }

    /** The cancel-audit call for one cancellation (matched on the platform's {@code cancel_Id}). */
    public static MappingBuilder cancelAuditCall(String cancelId) {
        return post(urlPathEqualTo(CANCEL_AUDIT_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.cancel_Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(cancelId)));
    }

    /** Douyin accepting a cancel-audit decision. */
    public static String accepted(String logId) {
        return "{\"extra\":{\"logid\":\"" + logId + "\",\"now\":1700000000000,\"error_code\":0,\"description\":\"\"},"
                + "\"data\":{\"error_code\":0,\"description\":\"success\"}}";
    }

    public static List<LoggedRequest> cancelAuditRequests(WireMockServer server, String cancelId) {
        return server.findAll(postRequestedFor(urlPathEqualTo(CANCEL_AUDIT_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.cancel_Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(cancelId))));
    }

    public static ResponseDefinitionBuilder token(String accessToken) {
        return token(accessToken, 7200);
    }

    public static ResponseDefinitionBuilder token(String accessToken, long expiresInSeconds) {
        return okJson("{\"data\":{\"access_token\":\"" + accessToken + "\",\"description\":\"\",\"error_code\":0,"
                + "\"expires_in\":" + expiresInSeconds + ",\"log_id\":\"token-log\"},\"message\":\"success\"}");
    }

    /** A successful detail answer with one after-sale order of {@code orderId} and one refund line. */
    public static String detail(String orderId, String logId) {
        return "{\"extra\":{\"logid\":\"" + logId + "\",\"now\":1700000000000,\"error_code\":0,\"description\":\"\","
                + "\"sub_error_code\":0,\"sub_description\":\"\"},"
                + "\"data\":{\"error_code\":0,\"description\":\"\",\"has_more\":false,\"cursor\":\"\","
                + "\"after_sale_order_list\":[{\"after_sale_id\":\"as-" + orderId + "\",\"order_id\":\"" + orderId
                + "\",\"status\":50,\"refund_amount\":12800,\"update_time\":1700000000,"
                + "\"refund_info_list\":[{\"refund_id\":\"rf-" + orderId + "\",\"certificate_id\":\"cert-" + orderId
                + "\",\"refund_status\":50,\"refund_amount\":12800,\"is_verified\":false}]}]}}";
    }

    /** An answer with {@code code} in {@code extra.error_code} (platform errors: token, rate, busy). */
    public static String platformError(long code, String logId) {
        return "{\"extra\":{\"logid\":\"" + logId + "\",\"now\":1700000000000,\"error_code\":" + code
                + ",\"description\":\"platform says no\",\"sub_error_code\":0,\"sub_description\":\"\"},"
                + "\"data\":{\"error_code\":0,\"description\":\"\"}}";
    }

    /** An answer with {@code code} in {@code data.error_code} (business errors). */
    public static String businessError(long code, String logId) {
        return "{\"extra\":{\"logid\":\"" + logId + "\",\"now\":1700000000000,\"error_code\":0,\"description\":\"\"},"
                + "\"data\":{\"error_code\":" + code + ",\"description\":\"business says no\"}}";
    }

    public static ResponseDefinitionBuilder serverError() {
        return aResponse().withStatus(500).withHeader("Content-Type", "text/html").withBody("<html>oops</html>");
    }

    public static List<LoggedRequest> detailRequests(WireMockServer server) {
        return server.findAll(getRequestedFor(urlPathEqualTo(DETAIL_PATH)));
    }

    public static List<LoggedRequest> tokenRequests(WireMockServer server) {
        return server.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    public static RequestPatternBuilder anyDetail() {
        return getRequestedFor(urlPathEqualTo(DETAIL_PATH));
    }
}
