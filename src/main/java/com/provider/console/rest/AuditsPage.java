package com.provider.console.rest;

import com.provider.common.security.OperatorRole;
import com.provider.console.view.ConsoleView;
import com.provider.hotel.model.AuditRequest;
import com.provider.hotel.rest.CancellationView;
import com.provider.hotel.service.CancellationService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.List;

/**
 * Pending audits, oldest first, each decided in one step (agree, or reject with a reason), and the recent
 * decisions with their delivery to Douyin: pending, sent (with Douyin's log id) or failed (with the error and a
 * redeliver button). A decided row keeps asking for its delivery state until it is final.
 */
@Path("/console/audits")
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Produces(MediaType.TEXT_HTML)
public class AuditsPage {

    static final int PENDING_SHOWN = 200;
    static final int RECENT_SHOWN = 20;
    static final URI HOME = URI.create("/console/audits");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audits(ConsoleView view, List<PendingRows.Row> pending, List<DecisionSummary> recent);

        static native TemplateInstance pendingRow(ConsoleView view, PendingRows.Row row);

        static native TemplateInstance decidedRow(ConsoleView view, DecisionSummary row, String error);
    }

    private final CancellationService cancellations;
    private final PendingRows rows;
    private final SecurityIdentity identity;

    public AuditsPage(CancellationService cancellations, PendingRows rows, SecurityIdentity identity) {
        this.cancellations = cancellations;
        this.rows = rows;
        this.identity = identity;
    }

    @GET
    public Uni<TemplateInstance> list(RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "audits");
        // one after the other: both read through the request's one reactive session, which takes one query at a time
        return cancellations.pendingOldestFirst(PENDING_SHOWN).flatMap(pending -> cancellations
                .decisions(null, RECENT_SHOWN).map(recent -> view.render(Templates.audits(view,
                        pending.stream().map(c -> rows.of(CancellationView.summary(c), null, null)).toList(),
                        recent.stream().map(DecisionSummary::of).toList()))));
    }

    /** One decided row, as it stands now: what a decided row polls until its delivery is final. */
    @GET
    @Path("/{cancel_id}/row")
    public Uni<TemplateInstance> decidedRow(@PathParam("cancel_id") String cancelId, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "audits");
        return decision(cancelId).map(row -> view.render(Templates.decidedRow(view, row, null)));
    }

    @POST
    @Path("/{cancel_id}/decide")
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> decide(@PathParam("cancel_id") String cancelId, @RestForm String result,
                                @RestForm String reason, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "audits");
        String operator = identity.getPrincipal().getName();
        // deferred: a bad body is refused before any Uni exists, and must still become the row's error
        return Uni.createFrom().deferred(() -> cancellations.decide(cancelId, new AuditRequest(result, reason), operator))
                .flatMap(decided -> decision(cancelId))
                .map(row -> answer(rc, HOME, view.render(Templates.decidedRow(view, row, null))))
                .onFailure(BadRequestException.class).recoverWithUni(bad -> cancellations.find(cancelId)
                        .map(found -> answer(rc, HOME, view.render(Templates.pendingRow(view,
                                rows.of(CancellationView.details(found.orElseThrow()), bad.getMessage(), reason))))))
                .onFailure(ClientErrorException.class).recoverWithUni(conflict -> decision(cancelId)
                        .map(row -> answer(rc, HOME, view.render(Templates.decidedRow(view, row, conflict.getMessage())))));
    }

    @POST
    @Path("/{cancel_id}/redeliver")
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    public Uni<Response> redeliver(@PathParam("cancel_id") String cancelId, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "audits");
        return Uni.createFrom().deferred(() -> cancellations.redeliver(cancelId, identity.getPrincipal().getName()))
                .flatMap(requeued -> decision(cancelId))
                .map(row -> answer(rc, HOME, view.render(Templates.decidedRow(view, row, null))))
                .onFailure(ClientErrorException.class).recoverWithUni(refused -> decision(cancelId)
                        .map(row -> answer(rc, HOME, view.render(Templates.decidedRow(view, row, refused.getMessage())))));
    }

    /** htmx swaps the row in place; a plain form post (no JavaScript) goes back to {@code page}. */
    static Response answer(RoutingContext rc, URI page, TemplateInstance row) {
        if (rc.request().getHeader("HX-Request") == null) {
            return Response.seeOther(page).build();
        }
        return Response.ok(row).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    private Uni<DecisionSummary> decision(String cancelId) {
        return cancellations.find(cancelId).map(found -> {
            CancellationView c = CancellationView.details(
                    found.orElseThrow(() -> new NotFoundException("no cancellation " + cancelId)));
            if (c.audit() == null) {
                throw new NotFoundException("no decision on cancellation " + cancelId);
            }
            return DecisionSummary.of(c);
        });
    }
}
