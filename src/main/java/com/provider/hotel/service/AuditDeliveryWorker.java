package com.provider.hotel.service;

import com.provider.common.metrics.GiveUpReason;
import com.provider.common.metrics.QueueMetrics;
import com.provider.common.tracing.Spans;
import com.provider.common.tracing.TraceKeys;
import com.provider.hotel.client.CancelAuditFailure;
import com.provider.hotel.client.CancelAuditFailure.Kind;
import com.provider.hotel.client.CancelAuditSender;
import com.provider.hotel.config.AuditConfig;
import com.provider.hotel.model.AttemptOutcome;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.repository.DecisionOutbox;
import com.provider.hotel.repository.DecisionOutbox.Delivery;
import io.opentelemetry.api.common.Attributes;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Drains the decision outbox towards Douyin, on every replica: due decisions are claimed one by one with
 * {@code FOR UPDATE SKIP LOCKED} and a named lease (the attempt counted at claim time), so replicas share the work
 * and a replica that dies mid-call only delays its deliveries; a decision whose sending keeps killing the worker
 * stops FAILED at the attempt limit. Each decision is sent once per attempt (never repeated inside it), through
 * the app its cancellation came in through. Failures are retried with exponential backoff, token trouble
 * included; an attempt that may have been applied is recorded as UNKNOWN; an answer listed as "already decided"
 * counts as delivered, with a note. A decision Douyin refused for good, or that ran out of attempts, is FAILED
 * and says why (row, ERROR line, {@code aftersale_queue_gave_up_total}). Also applies the deadline default.
 * Each delivery runs in a trace of its own ({@code hotel decision delivery}, with its keys and attempt).
 */
@ApplicationScoped
public class AuditDeliveryWorker {

    private static final Logger LOG = Logger.getLogger(AuditDeliveryWorker.class);
    static final String DEADLINE_ACTOR = "deadline";

    private final DecisionOutbox audits;
    private final CancelAuditSender sender;
    private final QueueMetrics metrics;
    private final AuditConfig config;
    private final Set<Long> alreadyDecidedCodes;
    private final Spans spans;

    public AuditDeliveryWorker(DecisionOutbox audits, CancelAuditSender sender, QueueMetrics metrics,
                               AuditConfig config, Spans spans) {
        this.spans = spans;
        this.audits = audits;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config;
        this.alreadyDecidedCodes = config.delivery().alreadyDecidedCodes().orElse(Set.of());
    }

    @Scheduled(every = "${hotel.audit.delivery.every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        if (!config.delivery().enabled()) {
            return Uni.createFrom().voidItem();
        }
        return decideOverdue().chain(this::failExhausted).chain(this::deliverDue)
                .onFailure().invoke(failure -> LOG.warnf("audit round failed, next round retries: %s", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Applies the deadline default to cancellations left undecided too long; returns how many. */
    public Uni<Integer> decideOverdue() {
        if (config.deadline().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        boolean agree = config.defaultResult() == AuditConfig.Result.AGREE;
        return audits.decideOverdue(config.deadline().get(),
                        agree ? CancellationStatus.AGREED : CancellationStatus.REJECTED,
                        agree ? CancelDecision.RESULT_AGREE : CancelDecision.RESULT_REJECT,
                        agree ? null : config.defaultReason(), DEADLINE_ACTOR, config.delivery().batch())
                .invoke(decided -> {
                    if (!decided.isEmpty()) {
                        LOG.infof("deadline passed: %s decided %s by default", decided, config.defaultResult());
                    }
                })
                .map(List::size);
    }

    /** Gives up the decisions that reached the attempt limit without an outcome (poison ones); returns how many. */
    public Uni<Integer> failExhausted() {
        return audits.failExhausted(config.delivery().maxAttempts())
                .invoke(failed -> failed.forEach(f -> gaveUp(f.cancelId(), f.reason(), f.error())))
                .map(List::size);
    }

    /** Sends the decisions that are due, one claim at a time, at most a batch per round; returns how many. */
    public Uni<Integer> deliverDue() {
        return deliverNext(0);
    }

    private Uni<Integer> deliverNext(int delivered) {
        if (delivered >= config.delivery().batch()) {
            return Uni.createFrom().item(delivered);
        }
        return audits.claimNext(config.delivery().lease(), config.delivery().maxAttempts())
                .flatMap(next -> next.isEmpty()
                        ? Uni.createFrom().item(delivered)
                        : deliver(next.get()).chain(() -> deliverNext(delivered + 1)));
    }

    private Uni<Void> deliver(Delivery delivery) {
        Attributes keys = Attributes.builder().put(TraceKeys.CANCEL_ID, delivery.cancelId())
                .put(TraceKeys.ORDER_ID, delivery.orderId()).put(TraceKeys.CLIENT_KEY, delivery.clientKey())
                .put(TraceKeys.ATTEMPT, delivery.attempts()).build();
        return spans.newTrace("hotel decision delivery", keys, span -> send(delivery));
    }

    private Uni<Void> send(Delivery delivery) {
        return sender.send(delivery)
                .onFailure().recoverWithUni(failure -> recordFailure(delivery, failure).replaceWith((String) null))
                .flatMap(logId -> logId == null ? Uni.createFrom().voidItem()
                        : recordAcceptance(delivery, logId, AttemptOutcome.ACCEPTED, null));
    }

    /**
     * Douyin accepted (or said it was already decided): the decision must never be sent again, so failing to
     * record it is retried here rather than treated as a failed send. Should every try fail, the lease lapses and
     * the send is repeated once the database is back (at-least-once; Douyin sees the same cancel_Id and decision).
     */
    private Uni<Void> recordAcceptance(Delivery delivery, String logId, AttemptOutcome outcome, String note) {
        return audits.markSent(delivery.cancelId(), logId, outcome, note)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5)
                .invoke(sent -> LOG.infof("decision on cancellation %s %s by Douyin (logid %s)", delivery.cancelId(),
                        note == null ? "accepted" : "counted as delivered", logId))
                .replaceWithVoid();
    }

    private Uni<Void> recordFailure(Delivery delivery, Throwable failure) {
        CancelAuditFailure known = failure instanceof CancelAuditFailure f ? f
                : new CancelAuditFailure(String.valueOf(failure), Kind.UNKNOWN, null, null, failure);
        String logId = known.platformLogId();
        AttemptOutcome attempt = attemptOutcome(known);
        if (known.platformErrorCode() != null && alreadyDecidedCodes.contains(known.platformErrorCode())) {
            String note = "Douyin answered " + known.platformErrorCode() + ", listed as \"already decided\""
                    + " (hotel.audit.delivery.already-decided-codes): counted as delivered, not sent again; "
                    + known.getMessage();
            LOG.warnf("decision on cancellation %s: %s", delivery.cancelId(), note);
            return recordAcceptance(delivery, logId, AttemptOutcome.ALREADY_DECIDED, note);
        }
        if (known.permanent()) {
            // After an attempt whose outcome was unknown (timeout, 5xx), a refusal may only mean Douyin had
            // already applied the decision: say so, so the operator checks before sending it again.
            String message = delivery.attempts() > 1 && known.kind() == Kind.REFUSED
                    ? known.getMessage() + " (an earlier attempt had no clear answer and may have been applied; "
                    + "check the order on Douyin)"
                    : known.getMessage();
            GiveUpReason reason = known.kind() == Kind.UNKNOWN_APP ? GiveUpReason.UNKNOWN_APP
                    : GiveUpReason.PLATFORM_REFUSED;
            return giveUp(delivery, message, logId, reason, attempt);
        }
        if (delivery.attempts() >= config.delivery().maxAttempts()) {
            String message = "gave up after " + delivery.attempts() + " attempts: " + known.getMessage();
            GiveUpReason reason = known.kind() == Kind.TOKEN ? GiveUpReason.TOKEN_UNAVAILABLE
                    : GiveUpReason.MAX_ATTEMPTS;
            return giveUp(delivery, message, logId, reason, attempt);
        }
        Duration retryIn = backoff(delivery.attempts());
        LOG.warnf("decision on cancellation %s not delivered (attempt %d, outcome %s), retrying in %s: %s",
                delivery.cancelId(), delivery.attempts(), attempt, retryIn, known.getMessage());
        return audits.markRetry(delivery, known.getMessage(), logId, retryIn, attempt);
    }

    private Uni<Void> giveUp(Delivery delivery, String message, String logId, GiveUpReason reason,
                             AttemptOutcome attempt) {
        return audits.markFailed(delivery, message, logId, reason, attempt)
                .invoke(failed -> {
                    if (failed) {
                        gaveUp(delivery.cancelId(), reason, message + " [platform logid " + logId + "]");
                    }
                })
                .replaceWithVoid();
    }

    private void gaveUp(String cancelId, GiveUpReason reason, String message) {
        metrics.gaveUp(QueueMetrics.CANCEL_AUDITS, reason);
        LOG.errorf("decision on cancellation %s FAILED, reason %s: %s; POST /api/hotel/cancellations/%s/audit/"
                + "redeliver sends it again", cancelId, reason, message, cancelId);
    }

    private static AttemptOutcome attemptOutcome(CancelAuditFailure failure) {
        return switch (failure.kind()) {
            case REFUSED, RETRY -> AttemptOutcome.REFUSED;
            case UNKNOWN -> AttemptOutcome.UNKNOWN;
            // a token refused again after the refresh: Douyin answered the call (with 2190002/2190008)
            case TOKEN -> failure.platformErrorCode() != null ? AttemptOutcome.REFUSED : AttemptOutcome.NOT_SENT;
            case NOT_SENT, UNKNOWN_APP -> AttemptOutcome.NOT_SENT;
        };
    }

    Duration backoff(int attempts) {
        Duration first = config.delivery().backoff();
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration next = first.multipliedBy(factor);
        return next.compareTo(config.delivery().maxBackoff()) > 0 ? config.delivery().maxBackoff() : next;
    }
}
