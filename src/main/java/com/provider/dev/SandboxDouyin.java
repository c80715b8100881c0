package com.provider.dev;

import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * A sandbox Douyin OpenAPI for dev mode only (built into dev mode, absent from the production jar): dev mode's
 * {@code douyin.api-url} points here, so every console action works after {@code ./mvnw quarkus:dev} with no
 * network. It hands out a token, accepts every cancel-audit decision (except one whose reason contains "refuse",
 * which it refuses, to show a failed delivery and its redeliver button), and answers every after-sale detail query
 * with one after-sale order of the asked order. Strings are built by hand: no reflection, nothing to register.
 */
@Path("/dev/douyin")
@PermitAll
@IfBuildProfile("dev")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxDouyin {

    @POST
    @Path("/oauth/client_token/")
    @Consumes(MediaType.WILDCARD)
    public String clientToken() {
        return "{\"data\":{\"access_token\":\"clt.sandbox\",\"description\":\"\",\"error_code\":0,\"expires_in\":7200,"
                + "\"log_id\":\"" + logId() + "\"},\"message\":\"success\"}";
    }

    @POST
    @Path("/goodlife/v1/trip/trade/hotel/cancel/audit/")
    @Consumes(MediaType.WILDCARD)
    public String cancelAudit(String body) {
        if (body != null && body.contains("refuse")) {
            return "{\"extra\":{\"logid\":\"" + logId() + "\",\"now\":" + System.currentTimeMillis()
                    + ",\"error_code\":0,\"description\":\"\"},\"data\":{\"error_code\":2119005,"
                    + "\"description\":\"sandbox: the merchant has not authorised the app (the reason said refuse)\"}}";
        }
        return "{\"extra\":{\"logid\":\"" + logId() + "\",\"now\":" + System.currentTimeMillis()
                + ",\"error_code\":0,\"description\":\"\"},\"data\":{\"error_code\":0,\"description\":\"success\"}}";
    }

    @GET
    @Path("/goodlife/v1/akte/after_sale/order_detail/get/")
    public String afterSaleDetail(@QueryParam("order_id") String orderId) {
        String order = orderId == null ? "" : orderId.replaceAll("[^0-9A-Za-z_-]", "");
        long now = System.currentTimeMillis() / 1000;
        return "{\"extra\":{\"logid\":\"" + logId() + "\",\"now\":" + System.currentTimeMillis()
                + ",\"error_code\":0,\"description\":\"\",\"sub_error_code\":0,\"sub_description\":\"\"},"
                + "\"data\":{\"error_code\":0,\"description\":\"\",\"has_more\":false,\"cursor\":\"\","
                + "\"after_sale_order_list\":[{\"after_sale_id\":\"as-" + order + "\",\"order_id\":\"" + order
                + "\",\"status\":50,\"refund_amount\":12800,\"user_refund_amount\":12800,\"total_refund_amount\":12800,"
                + "\"real_refund_amount\":12800,\"update_time\":" + now + ",\"create_time\":" + now + ","
                + "\"refund_info_list\":[{\"refund_id\":\"rf-" + order + "\",\"certificate_id\":\"987654321\","
                + "\"refund_status\":50,\"refund_amount\":12800,\"is_verified\":false}]}]}}";
    }

    private static String logId() {
        return "sandbox-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
