-- Every SPI call that passed the signature check, raw and unparsed, with what became of it.
-- Handlers insert here in the same statement as their business rows, so a call is kept with its
-- effect or not at all (then it was answered error_code 100 and Douyin retries it).
CREATE TABLE spi_inbox (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    spi          text        NOT NULL,
    log_id       text,
    client_key   text        NOT NULL,
    query        text        NOT NULL,
    body         bytea       NOT NULL,
    business_key text,
    received_at  timestamptz NOT NULL DEFAULT now(),
    outcome      text        NOT NULL CHECK (outcome IN ('HANDLED', 'DUPLICATE', 'DUPLICATE_CONFLICT', 'REJECTED', 'FAILED')),
    http_status  integer     NOT NULL,
    error_code   integer     NOT NULL,
    detail       text
);
CREATE INDEX spi_inbox_outcome_idx ON spi_inbox (outcome, id DESC);
CREATE INDEX spi_inbox_business_key_idx ON spi_inbox (business_key) WHERE business_key IS NOT NULL;

-- Hotel cancellations (PROTOCOL.md 1a). cancel_id is Douyin's idempotency key: the primary key makes
-- concurrent redeliveries collapse into one row (INSERT ... ON CONFLICT DO NOTHING).
-- Money is bigint fen; strings are text so no length Douyin sends can fail a write.
CREATE TABLE hotel_cancellation (
    cancel_id                text PRIMARY KEY,
    order_id                 text        NOT NULL,
    order_out_id             text,
    refund_amount            bigint,
    user_refund_amount       bigint,
    penalty                  bigint,
    currency                 text,
    cancel_reason            text,
    cancel_order_time_unix   bigint,
    cancel_type              integer     NOT NULL,
    biz_type                 integer     NOT NULL,
    need_audit               boolean,
    applicant_type           integer,
    negotiate_refund         boolean,
    after_sale_type          integer     NOT NULL,
    refund_type              integer     NOT NULL,
    -- where the cancellation stands now
    status                   text        NOT NULL,
    -- the answer given to the first delivery, repeated to every redelivery
    decided_status           text        NOT NULL,
    answer_cancel_mode       integer     NOT NULL,
    answer_cancel_result     integer,
    answer_refund_fee_amount bigint,
    answer_reason            text,
    decision_rule            text        NOT NULL,
    log_id                   text,
    client_key               text        NOT NULL,
    body_sha256              bytea       NOT NULL,
    received_at              timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hotel_cancellation_status_chk
        CHECK (status IN ('CANCELLED', 'AGREED', 'REJECTED', 'PENDING_AUDIT', 'AUDIT_SENT'))
);
CREATE INDEX hotel_cancellation_order_idx ON hotel_cancellation (order_id, received_at DESC);
CREATE INDEX hotel_cancellation_status_idx ON hotel_cancellation (status, received_at DESC);
CREATE INDEX hotel_cancellation_received_idx ON hotel_cancellation (received_at DESC, cancel_id);

-- refund_order_detail: the nights asked back, one row per line, in the order Douyin sent them.
CREATE TABLE hotel_cancellation_night (
    cancel_id           text    NOT NULL REFERENCES hotel_cancellation (cancel_id) ON DELETE CASCADE,
    line_no             integer NOT NULL,
    rate_plan_id        text    NOT NULL,
    daily_refund_amount bigint  NOT NULL,
    period_start_date   text,
    period_end_date     text,
    period_start_time   text,
    period_end_time     text,
    PRIMARY KEY (cancel_id, line_no)
);
