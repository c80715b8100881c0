package com.provider.aftersale.rest;

import com.provider.aftersale.model.AfterSaleOrder;
import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.aftersale.model.SyncRequest;
import com.provider.aftersale.model.SyncResult;
import com.provider.aftersale.repository.AfterSaleRepository;
import com.provider.aftersale.repository.SyncJobRepository;
import com.provider.aftersale.service.AfterSaleSyncService;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.common.rest.QueryEnums;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator view of after-sale orders stored from Douyin's detail API, and of the queue that keeps them in sync. */
@Path("/api/after-sales")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("operator")
@Tag(name = "After-sale orders")
@SecurityRequirement(name = "basic")
public class AfterSaleResource {

    private final AfterSaleRepository orders;
    private final SyncJobRepository jobs;
    private final AfterSaleSyncService sync;

    public AfterSaleResource(AfterSaleRepository orders, SyncJobRepository jobs, AfterSaleSyncService sync) {
        this.orders = orders;
        this.jobs = jobs;
        this.sync = sync;
    }

    @GET
    @Operation(summary = "Stored after-sale orders with their refund lines, most recently synced first")
    public Uni<PageResult<AfterSaleOrder>> list(
            @Parameter(description = "Douyin order id") @QueryParam("order_id") String orderId,
            @Parameter(description = "only orders with a refund line for this certificate") @QueryParam("certificate_id") String certificateId,
            @Parameter(description = "page number, from 0") @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") String size) {
        return orders.list(blankToNull(orderId), blankToNull(certificateId), PageRequest.of(page, size));
    }

    @POST
    @Path("/sync")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Query Douyin's after-sale detail now, store the answer and return what was stored",
            description = "502 when Douyin refuses (the body names platform_error_code and platform_log_id), "
                    + "503 when it may work later (retries spent, circuit open, rate budget exhausted).")
    public Uni<SyncResult> sync(SyncRequest request) {
        if (request == null || request.orderId() == null || request.orderId().isBlank()) {
            throw new BadRequestException("order_id is required");
        }
        String account = this.sync.accountOrDefault(request.accountId()).orElseThrow(() -> new BadRequestException(
                "account_id is required: the request names none and DOUYIN_ACCOUNT_ID is not set"));
        return this.sync.sync(request.orderId().trim(), request.certificateId(), account);
    }

    @GET
    @Path("/sync-jobs")
    @Operation(summary = "Queued detail syncs, newest first; GAVE_UP ones need an operator")
    public Uni<PageResult<SyncJob>> syncJobs(
            @Parameter(description = "QUEUED, RUNNING, DONE or GAVE_UP") @QueryParam("status") String status,
            @Parameter(description = "Douyin order id") @QueryParam("order_id") String orderId,
            @Parameter(description = "page number, from 0") @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") String size) {
        return jobs.list(QueryEnums.parse(SyncJobStatus.class, "status", status), blankToNull(orderId),
                PageRequest.of(page, size));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
