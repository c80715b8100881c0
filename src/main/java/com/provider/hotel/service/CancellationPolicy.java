package com.provider.hotel.service;

import com.provider.hotel.config.CancelPolicyConfig;
import com.provider.hotel.config.CancelPolicyConfig.Action;
import com.provider.hotel.model.CancelDecision;
import com.provider.hotel.model.CancelOrderRequest;
import com.provider.hotel.model.CancellationStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** Decides the answer to a cancel-order call from configuration alone, so a redelivery can be answered the same. */
@ApplicationScoped
public class CancellationPolicy {

    private final Map<String, Action> byRefundType;
    private final Action otherRefundTypes;
    private final String rejectReason;

    public CancellationPolicy(CancelPolicyConfig config) {
        this.byRefundType = Map.copyOf(config.refundType());
        this.otherRefundTypes = config.otherRefundTypes();
        this.rejectReason = config.rejectReason();
    }

    public CancelDecision decide(CancelOrderRequest request) {
        if (!request.auditRequested()) {
            return new CancelDecision(CancellationStatus.CANCELLED, CancelDecision.MODE_SYNC,
                    CancelDecision.RESULT_AGREE, null, null, "need_audit not true: already cancelled by Douyin");
        }
        String refundType = String.valueOf(request.refundType());
        Action action = byRefundType.getOrDefault(refundType, otherRefundTypes);
        String rule = "need_audit true, refund_type " + refundType + ": " + action.name().toLowerCase();
        return switch (action) {
            case AGREE -> new CancelDecision(CancellationStatus.AGREED, CancelDecision.MODE_SYNC,
                    CancelDecision.RESULT_AGREE, null, null, rule);
            case REJECT -> new CancelDecision(CancellationStatus.REJECTED, CancelDecision.MODE_SYNC,
                    CancelDecision.RESULT_REJECT, null, rejectReason, rule);
            case AUDIT -> new CancelDecision(CancellationStatus.PENDING_AUDIT, CancelDecision.MODE_ASYNC,
                    null, null, null, rule);
        };
    }
}
