package com.provider.hotel.client;

import com.provider.hotel.repository.DecisionOutbox.Delivery;
import io.smallrye.mutiny.Uni;

/** Delivers an operator's decision to Douyin's cancel-audit API (PROTOCOL.md 2b). */
public interface CancelAuditSender {

    /**
     * Sends the decision once, through the app the cancellation came in through; the item is Douyin's log id of
     * the accepting call. Fails with a {@link CancelAuditFailure} saying what became of the attempt.
     */
    Uni<String> send(Delivery delivery);
}
