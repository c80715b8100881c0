package com.provider.scenic.rest;

import com.provider.douyin.spi.SpiPipeline;
import com.provider.douyin.spi.rest.SpiResponses;
import com.provider.scenic.service.RefundAuditNoticeHandler;
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

/** Scenic-spot SPI endpoints Douyin calls. */
@Path("/douyin/spi/scenic")
@Tag(name = "Douyin SPI")
public class ScenicSpiResource {

    private final SpiPipeline pipeline;
    private final RefundAuditNoticeHandler refundAuditNotice;

    public ScenicSpiResource(SpiPipeline pipeline, RefundAuditNoticeHandler refundAuditNotice) {
        this.pipeline = pipeline;
        this.refundAuditNotice = refundAuditNotice;
    }

    @POST
    @Path("/refund-audit-notice")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @Operation(summary = "Douyin notifies refund audits the provider did not make itself (PROTOCOL.md 1b)",
            description = "Stored once per certificate notice and acknowledged; redeliveries add nothing.")
    public Uni<Response> refundAuditNotice(@Context RoutingContext routing) {
        return pipeline.process(SpiResponses.received(routing), refundAuditNotice)
                .map(SpiResponses::toResponse);
    }
}
