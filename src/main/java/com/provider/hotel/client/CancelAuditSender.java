package com.provider.hotel.client;

import com.provider.hotel.repository.AuditRepository.Delivery;
import io.smallrye.mutiny.Uni;

/** Delivers an operator's decision to Douyin's cancel-audit API (PROTOCOL.md 2b). */
public interface CancelAuditSender {

    /**
     * Sends the decision; the item is Douyin's log id of the accepting call. Fails with a
     * {@link CancelAuditFailure}, permanent when Douyin refused it for good; any other failure is worth a retry.
     */
    Uni<String> send(Delivery delivery);
}
