package com.provider.douyin.client;

import com.provider.douyin.client.dto.AfterSaleDetailResponse;
import com.provider.douyin.client.dto.CancelAuditRequest;
import com.provider.douyin.client.dto.CancelAuditResponse;
import com.provider.douyin.client.dto.ClientTokenRequest;
import com.provider.douyin.client.dto.ClientTokenResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Douyin's OpenAPI as plain HTTP ({@code quarkus.rest-client.douyin.url} = {@code douyin.api-url}).
 * Use it only through {@link DouyinGateway}, which adds the token, the rate budget, the outcome mapping and
 * the resilience policies. Answers are read by this client's own strict mapper ({@link DouyinJson}) through
 * {@link DouyinAnswerReader}, so an inexact answer fails with its log id and nothing of it is used.
 */
@RegisterRestClient(configKey = "douyin")
@RegisterProvider(DouyinAnswerReader.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface DouyinApi {

    /** PROTOCOL.md 2a. */
    @POST
    @Path("/oauth/client_token/")
    Uni<ClientTokenResponse> clientToken(ClientTokenRequest request);

    /** PROTOCOL.md 2c; {@code certificate_id} is left out of the query when null. */
    @GET
    @Path("/goodlife/v1/akte/after_sale/order_detail/get/")
    @ClientHeaderParam(name = "content-type", value = "application/json") // the page marks it required, even on GET
    Uni<AfterSaleDetailResponse> afterSaleDetail(@HeaderParam("access-token") String accessToken,
                                                 @QueryParam("account_id") String accountId,
                                                 @QueryParam("order_id") String orderId,
                                                 @QueryParam("certificate_id") String certificateId);

    /** PROTOCOL.md 2b: an operator's decision on a cancellation answered cancel_mode 2. */
    @POST
    @Path("/goodlife/v1/trip/trade/hotel/cancel/audit/")
    Uni<CancelAuditResponse> cancelAudit(@HeaderParam("access-token") String accessToken, CancelAuditRequest request);

    /** This client's mapper, and no other's: the application's, made strict. */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper applicationMapper) {
        return DouyinJson.strict(applicationMapper);
    }
}
