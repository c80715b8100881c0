package com.provider.hotel.rest;

import com.provider.common.security.OperatorRole;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.common.rest.QueryEnums;
import com.provider.hotel.model.AuditRequest;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.service.CancellationService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
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

/** Operator view of hotel cancellations. */
@Path("/api/hotel/cancellations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Tag(name = "Hotel cancellations")
@SecurityRequirement(name = "basic")
public class CancellationResource {

    private final CancellationService service;
    private final SecurityIdentity identity;

    public CancellationResource(CancellationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "List cancellations, newest first")
    public Uni<PageResult<CancellationView>> list(
            @Parameter(description = "CANCELLED, AGREED, REJECTED, PENDING_AUDIT or AUDIT_SENT") @QueryParam("status") String status,
            @Parameter(description = "Douyin order id") @QueryParam("order_id") String orderId,
            @Parameter(description = "page number, from 0") @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") String size) {
        return service.list(QueryEnums.parse(CancellationStatus.class, "status", status), orderId, PageRequest.of(page, size))
                .map(found -> found.map(CancellationView::summary));
    }

    @GET
    @Path("/{cancel_id}")
    @Operation(summary = "One cancellation with its refund nights, the answer given, the operator's decision "
            + "and its delivery to Douyin, and its history")
    public Uni<CancellationView> get(@PathParam("cancel_id") String cancelId) {
        return details(cancelId);
    }

    @POST
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    @Path("/{cancel_id}/audit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide a PENDING_AUDIT cancellation",
            description = "Stores the decision (agree, or reject with a reason) and queues its delivery to Douyin's "
                    + "cancel-audit API; answers 202 with the cancellation. 409 unless the cancellation is "
                    + "PENDING_AUDIT, 404 for an unknown id, 400 for a bad body.")
    public Uni<Response> audit(@PathParam("cancel_id") String cancelId, AuditRequest request) {
        return service.decide(cancelId, request, identity.getPrincipal().getName())
                .chain(() -> details(cancelId))
                .map(cancellation -> Response.accepted(cancellation).build());
    }

    @POST
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    @Path("/{cancel_id}/audit/redeliver")
    @Operation(summary = "Send a decision Douyin refused for good once more",
            description = "For a decision whose delivery is FAILED (for example after fixing the app's credentials "
                    + "or authorisation): puts it back in the outbox; 202 with the cancellation, 409 unless the "
                    + "delivery is FAILED, 404 when there is no decision.")
    public Uni<Response> redeliver(@PathParam("cancel_id") String cancelId) {
        return service.redeliver(cancelId, identity.getPrincipal().getName())
                .chain(() -> details(cancelId))
                .map(cancellation -> Response.accepted(cancellation).build());
    }

    /** Read after the change committed, in a session of its own: what the database now holds. */
    private Uni<CancellationView> details(String cancelId) {
        return service.find(cancelId).map(found -> CancellationView.details(found.orElseThrow(
                () -> new NotFoundException("no cancellation with cancel_id " + cancelId))));
    }
}
