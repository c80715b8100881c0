package com.provider.douyin.spi.rest;

import com.provider.common.repository.Pages;
import com.provider.common.security.OperatorRole;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.common.rest.QueryEnums;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.repository.InboxEntryRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

    private final InboxEntryRepository inbox;

    public CallbackResource(InboxEntryRepository inbox) {
        this.inbox = inbox;
    }

    @GET
    @WithSession
    @Operation(summary = "List received SPI calls with their outcome, without their bodies")
    public Uni<PageResult<CallbackView>> list(
            @Parameter(description = "HANDLED, DUPLICATE, DUPLICATE_CONFLICT, REJECTED or FAILED") @QueryParam("outcome") String outcome,
            @Parameter(description = "the call's cancel_id, order_id or other business key") @QueryParam("business_key") String businessKey,
            @Parameter(description = "Douyin's X-Bytedance-Logid of the call") @QueryParam("log_id") String logId,
            @Parameter(description = "page number, from 0") @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") String size) {
        PageRequest request = PageRequest.of(page, size);
        return Pages.read(inbox.findFiltered(QueryEnums.parse(InboxOutcome.class, "outcome", outcome), businessKey,
                logId, null, null), request).map(found -> found.map(CallbackView::summary));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One received SPI call, with its raw body as received")
    public Uni<CallbackView> get(@PathParam("id") long id) {
        return inbox.findById(id).map(entry -> {
            if (entry == null) {
                throw new NotFoundException("no callback with id " + id);
            }
            return CallbackView.withBody(entry);
        });
    }
}
