package com.provider.support;

import static com.provider.support.CancelOrderBodies.body;
import static com.provider.support.CancelOrderBodies.uniqueId;
import static com.provider.support.SignedSpi.HOTEL_CANCEL_ORDER;
import static org.hamcrest.Matchers.equalTo;

/** Cancellations waiting for an operator, made as Douyin makes them: a signed cancel-order call the policy audits. */
public final class PendingAudits {

    private PendingAudits() {
    }

    /** A new PENDING_AUDIT cancellation (refund_type 21); returns its cancel_id. */
    public static String pendingAudit() {
        String cancelId = uniqueId("cancel");
        SignedSpi.call().post(HOTEL_CANCEL_ORDER, body(uniqueId("order"), cancelId, true, 21))
                .then().statusCode(200).body("data.cancel_mode", equalTo(2));
        return cancelId;
    }
}
