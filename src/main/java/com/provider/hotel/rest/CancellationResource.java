package com.provider.hotel.rest;

import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.common.rest.QueryEnums;
import com.provider.hotel.model.Cancellation;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.repository.CancellationRepository;
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
@RolesAllowed("operator")
@Tag(name = "Hotel cancellations")
@SecurityRequirement(name = "basic")
public class CancellationResource {

    private final CancellationRepository repository;

    public CancellationResource(CancellationRepository repository) {
        this.repository = repository;
    }

    @GET
    @Operation(summary = "List cancellations, newest first")
    public Uni<PageResult<Cancellation>> list(
            @Parameter(description = "CANCELLED, AGREED, REJECTED, PENDING_AUDIT or AUDIT_SENT") @QueryParam("status") String status,
            @Parameter(description = "Douyin order id") @QueryParam("order_id") String orderId,
            @Parameter(description = "page number, from 0") @QueryParam("page") Integer page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") Integer size) {
        return repository.list(QueryEnums.parse(CancellationStatus.class, "status", status), orderId, PageRequest.of(page, size));
    }

    @GET
    @Path("/{cancel_id}")
    @Operation(summary = "One cancellation with its refund nights, the answer given and its history")
    public Uni<Cancellation> get(@PathParam("cancel_id") String cancelId) {
        return repository.find(cancelId).map(found -> found.orElseThrow(
                () -> new NotFoundException("no cancellation with cancel_id " + cancelId)));
    }
}
