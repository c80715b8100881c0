-- Decision deliveries say how their last attempt ended and, when they stop, why.
--
-- last_attempt_outcome: ACCEPTED, ALREADY_DECIDED (Douyin answered a code configured in
-- hotel.audit.delivery.already-decided-codes: counted as delivered), REFUSED (Douyin answered an error: not
-- applied), NOT_SENT (no token, no rate slot, circuit open, connection refused), UNKNOWN (sent, but no usable
-- answer: timed out after sending, 5xx, unreadable answer, or the worker died holding it; Douyin may have
-- applied it). Null before the first attempt ends.
-- failure_reason: why a FAILED delivery stopped, one of GiveUpReason (PLATFORM_REFUSED, TOKEN_UNAVAILABLE,
-- MAX_ATTEMPTS, LEASE_EXPIRED, UNKNOWN_APP); null otherwise.
-- delivery_note: what an operator should know about a SENT delivery that Douyin did not plainly accept.
-- The cancel-audit call goes through the app the cancellation came in through (hotel_cancellation.client_key).
ALTER TABLE hotel_cancel_audit
    ADD COLUMN last_attempt_outcome text
        CHECK (last_attempt_outcome IN ('ACCEPTED', 'ALREADY_DECIDED', 'REFUSED', 'NOT_SENT', 'UNKNOWN')),
    ADD COLUMN failure_reason       text,
    ADD COLUMN delivery_note        text;
