package com.provider.aftersale.rest;

import com.provider.douyin.client.DouyinCallException;
import com.provider.douyin.client.PlatformOutcome;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A Douyin failure on an operator call: 502 when Douyin refused for good or answered inexactly (MALFORMED), 503
 * when it may work later (retries spent, circuit open, rate budget exhausted, timeout, no usable token).
 */
public class PlatformErrorMapper {

    @ServerExceptionMapper
    public Response map(DouyinCallException e) {
        Response.Status status = e.outcome() == PlatformOutcome.RETRY_LATER || e.tokenTrouble()
                ? Response.Status.SERVICE_UNAVAILABLE : Response.Status.BAD_GATEWAY;
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new PlatformApiError(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(),
                        e.outcome().name(), e.platformErrorCode(), e.platformLogId()));
        if (status == Response.Status.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }
}
