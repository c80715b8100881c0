-- Operator decisions on cancellations answered cancel_mode 2, and their delivery to Douyin's
-- cancel-audit API (PROTOCOL.md 2b). The row is both the decision and its outbox entry: it is written in
-- the same statement that moves the cancellation out of PENDING_AUDIT, so a decision is never lost
-- between the database and Douyin, and the primary key allows one decision per cancellation.
CREATE TABLE hotel_cancel_audit (
    cancel_id        text PRIMARY KEY REFERENCES hotel_cancellation (cancel_id) ON DELETE CASCADE,
    order_id         text        NOT NULL,
    cancel_type      integer     NOT NULL,
    cancel_result    integer     NOT NULL CHECK (cancel_result IN (1, 2)),
    reason           text,
    decided_by       text        NOT NULL,
    decided_at       timestamptz NOT NULL DEFAULT now(),
    -- PENDING until Douyin accepts (SENT); FAILED when Douyin refused it for good
    delivery_status  text        NOT NULL DEFAULT 'PENDING' CHECK (delivery_status IN ('PENDING', 'SENT', 'FAILED')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- a delivery in flight holds a lease, named by its token: only the holder may record a failure, and a
    -- replica that died mid-call lets it lapse so another retries
    locked_until     timestamptz,
    lease_token      uuid,
    last_error       text,
    platform_log_id  text,
    sent_at          timestamptz
);
CREATE INDEX hotel_cancel_audit_due_idx ON hotel_cancel_audit (next_attempt_at) WHERE delivery_status = 'PENDING';

-- Every move of a cancellation after its first answer: the decision, its delivery.
CREATE TABLE hotel_cancellation_event (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cancel_id text        NOT NULL REFERENCES hotel_cancellation (cancel_id) ON DELETE CASCADE,
    at        timestamptz NOT NULL DEFAULT now(),
    status    text        NOT NULL,
    actor     text        NOT NULL,
    note      text
);
CREATE INDEX hotel_cancellation_event_cancel_idx ON hotel_cancellation_event (cancel_id, id);

-- The deadline sweep looks for old undecided cancellations.
CREATE INDEX hotel_cancellation_pending_idx ON hotel_cancellation (received_at) WHERE status = 'PENDING_AUDIT';
