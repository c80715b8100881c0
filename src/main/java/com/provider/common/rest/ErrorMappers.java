package com.provider.common.rest;

import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiErrorCode;
import com.provider.douyin.spi.rest.SpiResponses;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error is JSON: the Douyin envelope under {@code /douyin/spi/}, {@link ApiError} elsewhere.
 * Nothing answers an HTML page or a stack trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response mapWebApplicationException(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (isSpi(request)) {
            SpiErrorCode code = switch (status) {
                case 404 -> SpiErrorCode.NOT_FOUND;
                case 405 -> SpiErrorCode.METHOD_NOT_ALLOWED;
                case 413 -> SpiErrorCode.BODY_TOO_LARGE;
                case 400, 415 -> SpiErrorCode.BAD_REQUEST;
                default -> null;
            };
            if (code == null) {
                return SpiResponses.toResponse(SpiAnswer.retryLater("system error, please retry"));
            }
            return SpiResponses.toResponse(SpiAnswer.error(code, e.getMessage()));
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status, type.getReasonPhrase(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Exception e, HttpServerRequest request) {
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        if (isSpi(request)) {
            return SpiResponses.toResponse(SpiAnswer.retryLater("system error, please retry"));
        }
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(500, "Internal Server Error", "unexpected failure; see the service log")).build();
    }

    private static boolean isSpi(HttpServerRequest request) {
        return request.path().startsWith(SpiResponses.SPI_PATH);
    }
}
