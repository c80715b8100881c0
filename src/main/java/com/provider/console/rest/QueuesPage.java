package com.provider.console.rest;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.aftersale.service.SyncJobService;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.QueryEnums;
import com.provider.common.security.OperatorRole;
import com.provider.console.view.ConsoleView;
import com.provider.hotel.repository.AuditRepository.DecisionSummary;
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
        static native TemplateInstance queues(ConsoleView view, String status, List<String> statuses, List<SyncJob> jobs,
                                              List<DecisionSummary> outbox);

        static native TemplateInstance jobRow(ConsoleView view, SyncJob job, String error);
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
        return Uni.combine().all().unis(
                        syncJobs.list(QueryEnums.parse(SyncJobStatus.class, "status", chosen), null,
                                PageRequest.of(null, JOBS_SHOWN)),
                        cancellations.decisions("FAILED", DECISIONS_SHOWN),
                        cancellations.decisions("PENDING", DECISIONS_SHOWN)).asTuple()
                .map(found -> {
                    List<DecisionSummary> outbox = new ArrayList<>(found.getItem2());
                    outbox.addAll(found.getItem3());
                    return view.render(Templates.queues(view, chosen, statuses, found.getItem1().items(), outbox));
                });
    }

    @POST
    @Path("/jobs/{id}/requeue")
    @RolesAllowed(OperatorRole.AUDITOR_ROLE)
    public Uni<Response> requeue(@PathParam("id") long id, RoutingContext rc) {
        ConsoleView view = ConsoleView.of(identity, rc, "queues");
        return Uni.createFrom().deferred(() -> syncJobs.requeue(id, identity.getPrincipal().getName()))
                .map(job -> AuditsPage.answer(rc, HOME, view.render(Templates.jobRow(view, job, null))))
                .onFailure(ClientErrorException.class).recoverWithUni(refused -> syncJobs.find(id)
                        .map(job -> job.orElseThrow(() -> refused))
                        .map(job -> AuditsPage.answer(rc, HOME, view.render(Templates.jobRow(view, job, refused.getMessage())))));
    }
}
