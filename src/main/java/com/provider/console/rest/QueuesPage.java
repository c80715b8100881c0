package com.provider.console.rest;

import com.provider.aftersale.rest.SyncJobView;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.aftersale.service.SyncJobService;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.QueryEnums;
import com.provider.common.security.OperatorRole;
import com.provider.console.view.ConsoleView;
import com.provider.hotel.model.AuditDecision.DeliveryStatus;
import com.provider.hotel.service.CancellationService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two queues towards Douyin: after-sale syncs (a job that gave up can be queued again) and the decision
 * outbox (decisions still waiting and those that failed; a failed one can be redelivered, see {@link AuditsPage}).
 */
@Path("/console/queues")
@RolesAllowed(OperatorRole.VIEWER_ROLE)
@Produces(MediaType.TEXT_HTML)
public class QueuesPage {

    static final String JOBS_SHOWN = "100";
    static final URI HOME = URI.create("/console/queues");
    static final int DECISIONS_SHOWN = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queues(ConsoleView view, String status, List<String> statuses, List<SyncJobView> jobs,
                                              List<DecisionSummary> outbox);

        static native TemplateInstance jobRow(ConsoleView view, SyncJobView job, String error);
    }

    private final SyncJobService syncJobs;
    private final CancellationService cancellations;
    private final SecurityIdentity identity;

    public QueuesPage(SyncJobService syncJobs, CancellationService cancellations, SecurityIdentity identity) {
        this.syncJobs = syncJobs;
        this.cancellations = cancellations;
        this.identity = identity;
    }

    @GET
    public Uni<TemplateInstance> show(@QueryParam("status") String status, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "queues");
        String chosen = status == null || status.isBlank() ? null : status.trim();
        List<String> statuses = Arrays.stream(SyncJobStatus.values()).map(Enum::name).toList();
        SyncJobStatus filter = QueryEnums.parse(SyncJobStatus.class, "status", chosen);
        // one after the other: the reads share the request's reactive session, which takes one query at a time
        return syncJobs.list(filter, null, PageRequest.of(null, JOBS_SHOWN)).flatMap(jobs -> cancellations
                .decisions(DeliveryStatus.FAILED, DECISIONS_SHOWN).flatMap(failed -> cancellations
                        .decisions(DeliveryStatus.PENDING, DECISIONS_SHOWN).map(pending -> {
                            List<DecisionSummary> outbox = new ArrayList<>(failed.size() + pending.size());
                            failed.forEach(d -> outbox.add(DecisionSummary.of(d)));
                            pending.forEach(d -> outbox.add(DecisionSummary.of(d)));
                            return view.render(Templates.queues(view, chosen, statuses,
                                    jobs.items().stream().map(SyncJobView::of).toList(), outbox));
                        })));
    }

    @POST
    @Path("/jobs/{id}/requeue")
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    public Uni<Response> requeue(@PathParam("id") long id, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "queues");
        return Uni.createFrom().deferred(() -> syncJobs.requeueOrRefuse(id, identity.getPrincipal().getName()))
                .map(job -> AuditsPage.answer(rc, HOME, view.render(Templates.jobRow(view, SyncJobView.of(job), null))))
                .onFailure(ClientErrorException.class).recoverWithUni(refused -> syncJobs.find(id).map(job -> {
                    if (job == null) {
                        throw (ClientErrorException) refused;
                    }
                    return AuditsPage.answer(rc, HOME,
                            view.render(Templates.jobRow(view, SyncJobView.of(job), refused.getMessage())));
                }));
    }
}
