package com.provider.douyin.spi.rest;

import com.provider.common.security.OperatorRole;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.common.rest.QueryEnums;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.repository.InboxEntry;
import com.provider.douyin.spi.repository.InboxRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The raw inbox: every SPI call that passed the signature, newest first, with its outcome. */
@Path("/api/callbacks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Tag(name = "Callbacks")
@SecurityRequirement(name = "basic")
public class CallbackResource {

    private final InboxRepository inbox;

    public CallbackResource(InboxRepository inbox) {
        this.inbox = inbox;
    }

    @GET
    @Operation(summary = "List received SPI calls, raw, with their outcome")
    public Uni<PageResult<InboxEntry>> list(
            @Parameter(description = "HANDLED, DUPLICATE, DUPLICATE_CONFLICT, REJECTED or FAILED") @QueryParam("outcome") String outcome,
            @Parameter(description = "the call's cancel_id, order_id or other business key") @QueryParam("business_key") String businessKey,
            @Parameter(description = "Douyin's X-Bytedance-Logid of the call") @QueryParam("log_id") String logId,
            @Parameter(description = "page number, from 0") @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") String size) {
        return inbox.list(QueryEnums.parse(InboxOutcome.class, "outcome", outcome), businessKey, logId,
                PageRequest.of(page, size));
    }
}
