package com.provider.common.rest;

import jakarta.ws.rs.core.Response;

/**
 * Errors of the requests under one path answered in a shape of their own instead of {@link ApiError} (the SPI
 * answers in Douyin's envelope). A bean implementing it is found by {@link ErrorMappers}, so {@code common} needs
 * to know nothing about the API that has the shape.
 */
public interface ErrorShape {

    /** The path prefix this shape answers for, e.g. {@code /douyin/spi/}. */
    String pathPrefix();

    /** The answer to a request refused with {@code status} (404, 405, 413, 415, 400...). */
    Response refused(int status, String message);

    /** The answer to a request that failed unexpectedly. */
    Response failed();
}
