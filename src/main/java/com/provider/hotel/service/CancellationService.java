package com.provider.hotel.service;

import com.provider.common.repository.Pages;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.hotel.model.AuditDecision;
import com.provider.hotel.model.AuditDecision.DeliveryStatus;
import com.provider.hotel.model.AuditRequest;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.Cancellation;
import com.provider.hotel.model.CancellationEvent;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.repository.AuditDecisionRepository;
import com.provider.hotel.repository.CancellationEventRepository;
import com.provider.hotel.repository.CancellationRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What operators do with hotel cancellations: look them up, and decide the ones waiting for an audit. */
@ApplicationScoped
public class CancellationService {

    private static final Logger LOG = Logger.getLogger(CancellationService.class);
    static final int REASON_MAX_LENGTH = 500;

    private final CancellationRepository cancellations;
    private final AuditDecisionRepository decisions;
    private final CancellationEventRepository events;

    public CancellationService(CancellationRepository cancellations, AuditDecisionRepository decisions,
            CancellationEventRepository events) {
        this.cancellations = cancellations;
        this.decisions = decisions;
        this.events = events;
    }

    /** A cancellation with the operator's decision and its delivery (null before one), and its later moves. */
    public record Details(Cancellation cancellation, AuditDecision decision, List<CancellationEvent> history) {
    }

    @WithSession
    public Uni<PageResult<Cancellation>> list(CancellationStatus status, String orderId, PageRequest page) {
        return Pages.read(cancellations.findFiltered(status, orderId), page);
    }

    /** Up to {@code limit} cancellations waiting for an operator's decision, the one waiting longest first. */
    @WithSession
    public Uni<List<Cancellation>> pendingOldestFirst(int limit) {
        return cancellations.findPendingOldestFirst().page(0, limit).list();
    }

    /** A decision, and the refund amount of the cancellation it is about (for lists of decisions). */
    public record Decided(AuditDecision decision, Long refundAmount) {
    }

    /** Up to {@code limit} decisions with their delivery, newest first; only those of {@code delivery} if given. */
    @WithSession
    public Uni<List<Decided>> decisions(DeliveryStatus delivery, int limit) {
        return decisions.findByDelivery(delivery).page(0, limit).list().flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(List.<Decided>of());
            }
            return cancellations.list("cancelId in ?1", found.stream().map(d -> d.cancelId).toList())
                    .map(about -> {
                        Map<String, Long> amounts = new HashMap<>();
                        about.forEach(c -> amounts.put(c.cancelId, c.refundAmount));
                        return found.stream().map(d -> new Decided(d, amounts.get(d.cancelId))).toList();
                    });
        });
    }

    /** One cancellation with its nights, the operator's decision and delivery, and its whole history. */
    @WithSession
    public Uni<Optional<Details>> find(String cancelId) {
        return cancellations.findById(cancelId).flatMap(cancellation -> {
            if (cancellation == null) {
                return Uni.createFrom().item(Optional.<Details>empty());
            }
            return decisions.findById(cancelId).flatMap(decision -> events.history(cancelId)
                    .map(history -> Optional.of(new Details(cancellation, decision, history))));
        });
    }

    /**
     * Records an operator's decision on a PENDING_AUDIT cancellation: the status, the decision (its outbox row, which
     * the delivery worker sends to Douyin) and the history event commit together. The cancellation is locked first,
     * so of two operators deciding at once the second finds it decided. 400 for a bad body, 404 for an unknown id,
     * 409 when the cancellation is not waiting for a decision.
     */
    @WithTransaction
    public Uni<Void> decide(String cancelId, AuditRequest request, String operator) {
        Verdict verdict = Verdict.of(request);
        return cancellations.findById(cancelId, LockModeType.PESSIMISTIC_WRITE).flatMap(cancellation -> {
            if (cancellation == null) {
                throw new NotFoundException("no cancellation with cancel_id " + cancelId);
            }
            if (cancellation.status != CancellationStatus.PENDING_AUDIT) {
                throw new ClientErrorException("cancellation " + cancelId + " is " + cancellation.status
                        + "; only a PENDING_AUDIT cancellation can be decided", Response.Status.CONFLICT);
            }
            cancellation.status = verdict.status();
            cancellation.updatedAt = OffsetDateTime.now();
            AuditDecision decision = new AuditDecision();
            decision.cancelId = cancelId;
            decision.orderId = cancellation.orderId;
            decision.cancelType = cancellation.cancelType;
            decision.cancelResult = verdict.cancelResult();
            decision.reason = verdict.reason();
            decision.decidedBy = operator;
            decision.deliveryStatus = DeliveryStatus.PENDING;
            return decisions.persist(decision)
                    .chain(() -> events.persist(CancellationEvent.of(cancelId, verdict.status().name(), operator,
                            verdict.reason())))
                    .invoke(() -> LOG.infof("cancellation %s %s by %s; queued for delivery to Douyin", cancelId,
                            verdict.status(), operator))
                    .replaceWithVoid();
        });
    }

    /**
     * Sends a decision Douyin refused for good once more, after the cause was fixed (configuration, the app's
     * authorisation), with fresh attempts. 409 unless its delivery is FAILED, 404 when there is no decision.
     */
    @WithTransaction
    public Uni<Void> redeliver(String cancelId, String operator) {
        return decisions.findById(cancelId, LockModeType.PESSIMISTIC_WRITE).flatMap(decision -> {
            if (decision == null) {
                throw new NotFoundException("no decision on a cancellation with cancel_id " + cancelId);
            }
            if (decision.deliveryStatus != DeliveryStatus.FAILED) {
                throw new ClientErrorException("the decision on cancellation " + cancelId + " is "
                        + decision.deliveryStatus + "; only a FAILED delivery can be sent again",
                        Response.Status.CONFLICT);
            }
            decision.deliveryStatus = DeliveryStatus.PENDING;
            decision.attempts = 0;
            decision.nextAttemptAt = OffsetDateTime.now();
            decision.lockedUntil = null;
            decision.leaseToken = null;
            decision.failureReason = null;
            return events.persist(CancellationEvent.of(cancelId, "DELIVERY_REQUEUED", operator,
                            "sent to Douyin again on request"))
                    .invoke(() -> LOG.infof("decision on cancellation %s queued again for Douyin by %s", cancelId,
                            operator))
                    .replaceWithVoid();
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
