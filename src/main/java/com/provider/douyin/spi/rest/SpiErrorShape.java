package com.provider.douyin.spi.rest;

import com.provider.common.rest.ErrorShape;
import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Errors of the SPI in Douyin's envelope: a refusal with its error code, anything else error_code 100, which
 * Douyin retries.
 */
@ApplicationScoped
public class SpiErrorShape implements ErrorShape {

    @Override
    public String pathPrefix() {
        return SpiResponses.SPI_PATH;
    }

    @Override
    public Response refused(int status, String message) {
        SpiErrorCode code = switch (status) {
            case 404 -> SpiErrorCode.NOT_FOUND;
            case 405 -> SpiErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> SpiErrorCode.BODY_TOO_LARGE;
            case 400, 415 -> SpiErrorCode.BAD_REQUEST;
            default -> null;
        };
        return SpiResponses.toResponse(code == null ? SpiAnswer.retryLater("system error, please retry")
                : SpiAnswer.error(code, message));
    }

    @Override
    public Response failed() {
        return SpiResponses.toResponse(SpiAnswer.retryLater("system error, please retry"));
    }
}
