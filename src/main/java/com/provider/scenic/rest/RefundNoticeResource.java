package com.provider.scenic.rest;

import com.provider.common.security.OperatorRole;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.scenic.service.RefundNoticeService;
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

/** Operator view of scenic refund audit notices: one row per certificate notice, newest first. */
@Path("/api/scenic/refund-audit-notices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Tag(name = "Scenic refund audit notices")
@SecurityRequirement(name = "basic")
public class RefundNoticeResource {

    private final RefundNoticeService service;

    public RefundNoticeResource(RefundNoticeService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "List stored certificate notices with their times-card sub-items, newest first")
    public Uni<PageResult<RefundNoticeView>> list(
            @Parameter(description = "Douyin order id") @QueryParam("order_id") String orderId,
            @Parameter(description = "page number, from 0") @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") String size) {
        return service.list(orderId, PageRequest.of(page, size)).map(found -> found.map(RefundNoticeView::of));
    }
}
