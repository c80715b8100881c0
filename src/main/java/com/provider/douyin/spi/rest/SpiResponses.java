package com.provider.douyin.spi.rest;

import com.provider.douyin.spi.SpiAnswer;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns an {@link SpiAnswer} into the HTTP answer Douyin reads: always JSON, always the envelope. */
public final class SpiResponses {

    public static final String SPI_PATH = "/douyin/spi/";

    private SpiResponses() {
    }

    public static Response toResponse(SpiAnswer answer) {
        return Response.status(answer.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(answer.envelope())
                .build();
    }
}
