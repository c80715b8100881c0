package com.provider.common.rest;

import io.quarkus.arc.All;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Every error is JSON: {@link ApiError}, or the shape of the path's own API ({@link ErrorShape}: the Douyin
 * envelope under {@code /douyin/spi/}). Nothing answers an HTML page or a stack trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final List<ErrorShape> shapes;

    public ErrorMappers(@All List<ErrorShape> shapes) {
        this.shapes = shapes;
    }

    @ServerExceptionMapper
    public Response mapWebApplicationException(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        ErrorShape shape = shapeOf(request);
        if (shape != null) {
            return shape.refused(status, e.getMessage());
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status, type.getReasonPhrase(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Exception e, HttpServerRequest request) {
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        ErrorShape shape = shapeOf(request);
        if (shape != null) {
            return shape.failed();
        }
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(500, "Internal Server Error", "unexpected failure; see the service log")).build();
    }

    private ErrorShape shapeOf(HttpServerRequest request) {
        for (ErrorShape shape : shapes) {
            if (request.path().startsWith(shape.pathPrefix())) {
                return shape;
            }
        }
        return null;
    }
}
