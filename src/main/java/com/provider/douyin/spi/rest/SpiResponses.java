package com.provider.douyin.spi.rest;

import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiCall;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns an {@link SpiAnswer} into the HTTP answer Douyin reads: always JSON, always the envelope. */
public final class SpiResponses {

    public static final String SPI_PATH = "/douyin/spi/";

    private SpiResponses() {
    }

    /**
     * The call {@link SpiIntake} read for this request. None when the request reached the endpoint by a path the
     * intake does not serve: then there is no such SPI.
     */
    public static SpiCall received(RoutingContext routing) {
        SpiCall call = routing.get(SpiCall.RECEIVED);
        if (call == null) {
            throw new NotFoundException("no SPI at " + routing.normalizedPath());
        }
        return call;
    }

    public static Response toResponse(SpiAnswer answer) {
        return Response.status(answer.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(answer.envelope())
                .build();
    }
}
