package com.provider.console.rest;

import com.provider.hotel.rest.CancellationView;
import com.provider.hotel.service.CancellationService;

/** A decision in a list (recent decisions, the outbox): the cancellation it is about, its amount, its delivery. */
public record DecisionSummary(String cancelId, String orderId, Long refundAmount, CancellationView.Audit decision) {

    static DecisionSummary of(CancellationService.Decided decided) {
        return new DecisionSummary(decided.decision().cancelId, decided.decision().orderId, decided.refundAmount(),
                CancellationView.Audit.of(decided.decision()));
    }

    static DecisionSummary of(CancellationView c) {
        return new DecisionSummary(c.cancelId(), c.orderId(), c.refundAmount(), c.audit());
    }
}
