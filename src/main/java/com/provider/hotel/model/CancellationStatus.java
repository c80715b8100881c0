package com.provider.hotel.model;

/** Where a hotel cancellation stands (CONTRACT.md). */
public enum CancellationStatus {
    /** need_audit was not true: Douyin had already cancelled; acknowledged. */
    CANCELLED,
    /** Audit requested and agreed synchronously. */
    AGREED,
    /** Audit requested and rejected synchronously. */
    REJECTED,
    /** Answered cancel_mode 2: waits for an operator's decision. */
    PENDING_AUDIT,
    /** The operator's decision was accepted by Douyin. */
    AUDIT_SENT
}
