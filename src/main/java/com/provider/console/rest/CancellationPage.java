package com.provider.console.rest;

import com.provider.common.security.OperatorRole;
import com.provider.console.view.ConsoleView;
import com.provider.hotel.rest.CancellationView;
import com.provider.hotel.service.CancellationService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * One hotel cancellation: every field Douyin sent, its refund nights, the answer it was given, the operator's
 * decision with its delivery attempts, and its history (who did what, when). Deciding and redelivering go through
 * {@link AuditsPage}.
 */
@Path("/console/cancellations")
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Produces(MediaType.TEXT_HTML)
public class CancellationPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance cancellation(ConsoleView view, CancellationView c, PendingRows.Row pending);
    }

    private final CancellationService cancellations;
    private final PendingRows rows;
    private final SecurityIdentity identity;

    public CancellationPage(CancellationService cancellations, PendingRows rows, SecurityIdentity identity) {
        this.cancellations = cancellations;
        this.rows = rows;
        this.identity = identity;
    }

    @GET
    @Path("/{cancel_id}")
    public Uni<TemplateInstance> show(@PathParam("cancel_id") String cancelId, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "audits");
        return cancellations.find(cancelId).map(found -> {
            CancellationView c = CancellationView.details(
                    found.orElseThrow(() -> new NotFoundException("no cancellation " + cancelId)));
            return view.render(Templates.cancellation(view, c, rows.of(c, null, null)));
        });
    }
}
