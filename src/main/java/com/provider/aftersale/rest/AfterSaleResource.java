package com.provider.aftersale.rest;

import com.provider.aftersale.model.SyncJobStatus;
import com.provider.aftersale.service.AfterSaleOrderService;
import com.provider.common.security.OperatorRole;
import com.provider.aftersale.service.AfterSaleSyncService;
import com.provider.aftersale.service.SyncJobService;
import com.provider.douyin.config.DouyinApps;
import com.provider.douyin.config.DouyinApps.App;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.common.rest.QueryEnums;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator view of after-sale orders stored from Douyin's detail API, and of the queue that keeps them in sync. */
@Path("/api/after-sales")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Tag(name = "After-sale orders")
@SecurityRequirement(name = "basic")
public class AfterSaleResource {

    private final AfterSaleOrderService orders;
    private final SyncJobService jobs;
    private final AfterSaleSyncService sync;
    private final DouyinApps apps;
    private final SecurityIdentity identity;

    public AfterSaleResource(AfterSaleOrderService orders, SyncJobService jobs, AfterSaleSyncService sync,
                             DouyinApps apps, SecurityIdentity identity) {
        this.orders = orders;
        this.jobs = jobs;
        this.sync = sync;
        this.apps = apps;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Stored after-sale orders with their refund lines and times-card entries, most recently synced first")
    public Uni<PageResult<AfterSaleOrderView>> list(
            @Parameter(description = "Douyin order id") @QueryParam("order_id") String orderId,
            @Parameter(description = "only orders with a refund line for this certificate") @QueryParam("certificate_id") String certificateId,
            @Parameter(description = "page number, from 0") @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") String size) {
        return orders.list(blankToNull(orderId), blankToNull(certificateId), PageRequest.of(page, size))
                .map(found -> found.map(AfterSaleOrderView::of));
    }

    @POST
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    @Path("/sync")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Query Douyin's after-sale detail now, store the answer and return what was stored",
            description = "Through the app of client_key (default: the primary app), for account_id (default: "
                    + "that app's account-id). 502 when Douyin refuses or answers inexactly (the body names "
                    + "outcome, platform_error_code and platform_log_id), 503 when it may work later (retries "
                    + "spent, circuit open, rate budget exhausted, no usable token).")
    public Uni<SyncResultView> sync(SyncRequest request) {
        if (request == null || request.orderId() == null || request.orderId().isBlank()) {
            throw new BadRequestException("order_id is required");
        }
        String clientKey = blankToNull(request.clientKey());
        App app = apps.byClientKey(clientKey).orElseThrow(() -> new BadRequestException(
                "client_key " + clientKey + " is not one of the configured apps"));
        String account = this.sync.accountFor(app, request.accountId()).orElseThrow(() -> new BadRequestException(
                "account_id is required: the request names none and " + app.accountIdSetting() + " (app "
                        + app.name() + ") is not set"));
        String orderId = request.orderId().trim();
        return this.sync.sync(app, orderId, request.certificateId(), account,
                identity.getPrincipal().getName()).map(synced -> new SyncResultView(orderId,
                synced.certificateId(), synced.accountId(), synced.platformLogId(), synced.hasMore(), synced.cursor(),
                synced.orders().stream().map(AfterSaleOrderView::of).toList()));
    }

    @GET
    @Path("/sync-jobs")
    @Operation(summary = "Queued detail syncs, newest first; GAVE_UP ones need an operator")
    public Uni<PageResult<SyncJobView>> syncJobs(
            @Parameter(description = "QUEUED, RUNNING, DONE or GAVE_UP") @QueryParam("status") String status,
            @Parameter(description = "Douyin order id") @QueryParam("order_id") String orderId,
            @Parameter(description = "page number, from 0") @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to 200 (default 20)") @QueryParam("size") String size) {
        return jobs.list(QueryEnums.parse(SyncJobStatus.class, "status", status), blankToNull(orderId),
                PageRequest.of(page, size)).map(found -> found.map(SyncJobView::of));
    }

    @POST
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    @Path("/sync-jobs/{id}/requeue")
    @Operation(summary = "Run a GAVE_UP sync job again",
            description = "For a job that gave up (see its gave_up_reason and last_error), after fixing the cause: "
                    + "puts it back in the queue with fresh attempts and records who did it; 202 with the job. "
                    + "409 unless the job is GAVE_UP, or when another pending job already covers its order and "
                    + "certificate; 404 for an unknown id.")
    public Uni<Response> requeue(@PathParam("id") long id) {
        return jobs.requeueOrRefuse(id, identity.getPrincipal().getName())
                .map(job -> Response.accepted(SyncJobView.of(job)).build());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
