package com.provider.hotel.rest;

import com.provider.douyin.spi.SpiPipeline;
import com.provider.douyin.spi.rest.SpiResponses;
import com.provider.hotel.service.CancelOrderHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Hotel SPI endpoints Douyin calls. The raw body was read by {@link com.provider.douyin.spi.rest.SpiIntake}: the signature covers it as sent. */
@Path("/douyin/spi/hotel")
@Tag(name = "Douyin SPI", description = "Callbacks from Douyin, signed with x-life-sign")
public class HotelSpiResource {

    private final SpiPipeline pipeline;
    private final CancelOrderHandler cancelOrder;

    public HotelSpiResource(SpiPipeline pipeline, CancelOrderHandler cancelOrder) {
        this.pipeline = pipeline;
        this.cancelOrder = cancelOrder;
    }

    @POST
    @Path("/cancel-order")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @Operation(summary = "Douyin cancels a hotel order (PROTOCOL.md 1a)",
            description = "Answers cancel_mode 1 with cancel_result, or cancel_mode 2 when an operator must decide. "
                    + "Idempotent by cancel_id.")
    public Uni<Response> cancelOrder(@Context RoutingContext routing) {
        return pipeline.process(SpiResponses.received(routing), cancelOrder)
                .map(SpiResponses::toResponse);
    }
}
