package com.provider.hotel.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * How the service answers a cancellation that asks for an audit (need_audit true).
 * A cancellation without need_audit is already done on Douyin's side and is always acknowledged.
 */
@ConfigMapping(prefix = "hotel.cancel-policy")
public interface CancelPolicyConfig {

    enum Action {
        /** Answer cancel_mode 1, cancel_result 1. */
        AGREE,
        /** Answer cancel_mode 1, cancel_result 2 with {@link #rejectReason()}. */
        REJECT,
        /** Answer cancel_mode 2: an operator decides later. */
        AUDIT
    }

    /**
     * Action by refund_type, e.g. {@code hotel.cancel-policy.refund-type."21"=audit}.
     * Defaults (application.properties): 11 and 12 (within the rules) agree, 21 and 22 (outside) audit.
     */
    Map<String, Action> refundType();

    /** Action for a refund_type the map does not name. */
    @WithDefault("audit")
    Action otherRefundTypes();

    /** Reason sent when the policy rejects. */
    @WithDefault("The cancellation is outside the hotel's cancellation rules")
    String rejectReason();
}
