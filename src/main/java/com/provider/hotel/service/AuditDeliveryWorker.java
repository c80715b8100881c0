package com.provider.hotel.service;

import com.provider.hotel.client.CancelAuditFailure;
import com.provider.hotel.client.CancelAuditSender;
import com.provider.hotel.config.AuditConfig;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.CancellationStatus;
import com.provider.hotel.repository.AuditRepository;
import com.provider.hotel.repository.AuditRepository.Delivery;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Drains the decision outbox towards Douyin, on every replica: due decisions are claimed one by one with
 * {@code FOR UPDATE SKIP LOCKED} and a named lease, so replicas share the work and a replica that dies mid-call
 * only delays its deliveries. Failures are retried with exponential backoff; a decision Douyin refused for
 * good is marked FAILED and stays visible. Also applies the configured deadline default.
 */
@ApplicationScoped
public class AuditDeliveryWorker {

    private static final Logger LOG = Logger.getLogger(AuditDeliveryWorker.class);
    static final String DEADLINE_ACTOR = "deadline";

    private final AuditRepository audits;
    private final CancelAuditSender sender;
    private final AuditConfig config;

    public AuditDeliveryWorker(AuditRepository audits, CancelAuditSender sender, AuditConfig config) {
        this.audits = audits;
        this.sender = sender;
        this.config = config;
    }

    @Scheduled(every = "${hotel.audit.delivery.every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        if (!config.delivery().enabled()) {
            return Uni.createFrom().voidItem();
        }
        return decideOverdue().chain(this::deliverDue)
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

    /** Sends the decisions that are due, one claim at a time, at most a batch per round; returns how many. */
    public Uni<Integer> deliverDue() {
        return deliverNext(0);
    }

    private Uni<Integer> deliverNext(int delivered) {
        if (delivered >= config.delivery().batch()) {
            return Uni.createFrom().item(delivered);
        }
        return audits.claimNext(config.delivery().lease()).flatMap(next -> next.isEmpty()
                ? Uni.createFrom().item(delivered)
                : deliver(next.get()).chain(() -> deliverNext(delivered + 1)));
    }

    private Uni<Void> deliver(Delivery delivery) {
        return sender.send(delivery)
                .onFailure().recoverWithUni(failure -> recordFailure(delivery, failure).replaceWith((String) null))
                .flatMap(logId -> logId == null ? Uni.createFrom().voidItem() : recordAcceptance(delivery, logId));
    }

    /**
     * Douyin accepted: the decision must never be sent again, so failing to record it is retried here rather
     * than treated as a failed send. Should every try fail, the lease lapses and the send is repeated once
     * the database is back (at-least-once; Douyin sees the same cancel_Id and decision).
     */
    private Uni<Void> recordAcceptance(Delivery delivery, String logId) {
        return audits.markSent(delivery.cancelId(), logId)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5)
                .invoke(sent -> LOG.infof("decision on cancellation %s accepted by Douyin (logid %s)",
                        delivery.cancelId(), logId))
                .replaceWithVoid();
    }

    private Uni<Void> recordFailure(Delivery delivery, Throwable failure) {
        String logId = failure instanceof CancelAuditFailure known ? known.platformLogId() : null;
        if (failure instanceof CancelAuditFailure refused && refused.permanent()) {
            // After an attempt whose outcome was unknown (timeout, 5xx), a refusal may only mean Douyin had
            // already applied the decision: say so, so the operator checks before sending it again.
            String message = delivery.attempts() > 1
                    ? refused.getMessage() + " (an earlier attempt had no clear answer and may have been applied; "
                    + "check the order on Douyin)"
                    : refused.getMessage();
            LOG.errorf("Douyin refused the decision on cancellation %s for good: %s", delivery.cancelId(), message);
            return audits.markFailed(delivery, message, logId);
        }
        if (delivery.attempts() >= config.delivery().maxAttempts()) {
            String message = "gave up after " + delivery.attempts() + " attempts: " + failure.getMessage();
            LOG.errorf("decision on cancellation %s: %s", delivery.cancelId(), message);
            return audits.markFailed(delivery, message, logId);
        }
        Duration retryIn = backoff(delivery.attempts());
        LOG.warnf("decision on cancellation %s not delivered (attempt %d), retrying in %s: %s",
                delivery.cancelId(), delivery.attempts(), retryIn, failure.getMessage());
        return audits.markRetry(delivery, String.valueOf(failure.getMessage()), logId, retryIn);
    }

    Duration backoff(int attempts) {
        Duration first = config.delivery().backoff();
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration next = first.multipliedBy(factor);
        return next.compareTo(config.delivery().maxBackoff()) > 0 ? config.delivery().maxBackoff() : next;
    }
}
