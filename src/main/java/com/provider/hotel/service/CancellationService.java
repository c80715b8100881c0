package com.provider.hotel.service;

import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.hotel.model.AuditRequest;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.Cancellation;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.repository.AuditRepository;
import com.provider.hotel.repository.CancellationRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What operators do with hotel cancellations: look them up, and decide the ones waiting for an audit. */
@ApplicationScoped
public class CancellationService {

    private static final Logger LOG = Logger.getLogger(CancellationService.class);
    static final int REASON_MAX_LENGTH = 500;

    private final CancellationRepository cancellations;
    private final AuditRepository audits;

    public CancellationService(CancellationRepository cancellations, AuditRepository audits) {
        this.cancellations = cancellations;
        this.audits = audits;
    }

    public Uni<PageResult<Cancellation>> list(CancellationStatus status, String orderId, PageRequest page) {
        return cancellations.list(status, orderId, page);
    }

    /** Up to {@code limit} cancellations waiting for an operator's decision, the one waiting longest first. */
    public Uni<List<Cancellation>> pendingOldestFirst(int limit) {
        return cancellations.pendingOldestFirst(limit);
    }

    /** Up to {@code limit} decisions with their delivery, newest first; only one delivery status if given. */
    public Uni<List<AuditRepository.DecisionSummary>> decisions(String deliveryStatus, int limit) {
        return audits.decisions(deliveryStatus, limit);
    }

    /** One cancellation with its nights, the operator's decision and delivery, and its whole history. */
    public Uni<Optional<Cancellation>> find(String cancelId) {
        return cancellations.find(cancelId).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(found);
            }
            Cancellation cancellation = found.get();
            return Uni.combine().all().unis(audits.findDecision(cancelId), audits.history(cancelId)).asTuple()
                    .map(decisionAndEvents -> {
                        List<Cancellation.HistoryEntry> history = new ArrayList<>(cancellation.history());
                        history.addAll(decisionAndEvents.getItem2());
                        return Optional.of(cancellation.withDetails(cancellation.refundOrderDetail(),
                                decisionAndEvents.getItem1().orElse(null), history));
                    });
        });
    }

    /**
     * Records an operator's decision on a PENDING_AUDIT cancellation; the outbox delivers it to Douyin.
     * 400 for a bad body, 404 for an unknown id, 409 when the cancellation is not waiting for a decision.
     */
    public Uni<Cancellation> decide(String cancelId, AuditRequest request, String operator) {
        Verdict verdict = Verdict.of(request);
        return audits.decide(cancelId, verdict.status(), verdict.cancelResult(), verdict.reason(), operator)
                .flatMap(outcome -> {
                    if (!outcome.decided()) {
                        if (outcome.statusBefore() == null) {
                            throw new NotFoundException("no cancellation with cancel_id " + cancelId);
                        }
                        String why = outcome.statusBefore() == CancellationStatus.PENDING_AUDIT
                                ? " was decided by someone else at the same moment"
                                : " is " + outcome.statusBefore() + "; only a PENDING_AUDIT cancellation can be decided";
                        throw new ClientErrorException("cancellation " + cancelId + why, Response.Status.CONFLICT);
                    }
                    LOG.infof("cancellation %s %s by %s; queued for delivery to Douyin", cancelId,
                            verdict.status(), operator);
                    return find(cancelId).map(Optional::orElseThrow);
                });
    }

    /**
     * Sends a decision Douyin refused for good once more, after the cause was fixed (configuration, the app's
     * authorisation). 409 unless its delivery is FAILED, 404 when there is no decision.
     */
    public Uni<Cancellation> redeliver(String cancelId, String operator) {
        return audits.requeueFailed(cancelId, operator).flatMap(outcome -> {
            if (!outcome.requeued()) {
                if (outcome.deliveryStatusBefore() == null) {
                    throw new NotFoundException("no decision on a cancellation with cancel_id " + cancelId);
                }
                throw new ClientErrorException("the decision on cancellation " + cancelId + " is "
                        + outcome.deliveryStatusBefore() + "; only a FAILED delivery can be sent again",
                        Response.Status.CONFLICT);
            }
            LOG.infof("decision on cancellation %s queued again for Douyin by %s", cancelId, operator);
            return find(cancelId).map(Optional::orElseThrow);
        });
    }

    /** A validated decision body. */
    record Verdict(CancellationStatus status, int cancelResult, String reason) {

        static Verdict of(AuditRequest request) {
            if (request == null || request.result() == null) {
                throw new BadRequestException("result is required: agree or reject");
            }
            String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().trim();
            if (reason != null && reason.length() > REASON_MAX_LENGTH) {
                throw new BadRequestException("reason must be at most " + REASON_MAX_LENGTH + " characters");
            }
            return switch (request.result().trim().toLowerCase(Locale.ROOT)) {
                case "agree" -> new Verdict(CancellationStatus.AGREED, CancelDecision.RESULT_AGREE, reason);
                case "reject" -> {
                    if (reason == null) {
                        throw new BadRequestException("reason is required to reject");
                    }
                    yield new Verdict(CancellationStatus.REJECTED, CancelDecision.RESULT_REJECT, reason);
                }
                default -> throw new BadRequestException("result must be agree or reject");
            };
        }
    }
}
