-- Scenic-spot refund audit result notices (PROTOCOL.md 1b): one row per certificate notice.
--
-- Natural key, enforced by notice_key (unique):
--   (order_id, certificate_id, apply_time, audit_time, audit_result, refund_count)
-- Why: Douyin retries a notice by resending the *same* request, so a redelivery repeats every one of
-- these values and collapses onto the stored row (INSERT ... ON CONFLICT DO NOTHING), concurrent
-- redeliveries included. A later, different notice for the same certificate is a new audit: it has its
-- own audit_time (and for a times-card a higher refund_count, or for a changed decision another
-- audit_result), so it is kept as a row of its own. after_sale_id is left out on purpose: Douyin sends it
-- only when several certificates share one after-sale order, and a retry must not differ by it.
-- The key is the JSON array text of those values (nulls included), built by the service, which is
-- unambiguous whatever characters the ids hold and needs no NULLS NOT DISTINCT (PostgreSQL 15+).
CREATE TABLE scenic_refund_notice (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_key        text        NOT NULL,
    order_id          text        NOT NULL,
    after_sale_id     text,
    after_sale_type   integer,
    certificate_id    text        NOT NULL,
    code              text,
    total_count       bigint,
    verify_count      bigint,
    refund_count      bigint,
    origin_amount     bigint,
    refund_amount     bigint,
    deduct_fee_amount bigint,
    apply_time        bigint,
    audit_time        bigint,
    audit_result      integer,
    voucher           text,
    log_id            text,
    client_key        text        NOT NULL,
    received_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scenic_refund_notice_key_uq UNIQUE (notice_key)
);
CREATE INDEX scenic_refund_notice_order_idx ON scenic_refund_notice (order_id, id DESC);
CREATE INDEX scenic_refund_notice_certificate_idx ON scenic_refund_notice (certificate_id);

-- Times-card sub-items of a notice, in the order Douyin sent them.
CREATE TABLE scenic_refund_notice_sub_item (
    notice_id         bigint  NOT NULL REFERENCES scenic_refund_notice (id) ON DELETE CASCADE,
    line_no           integer NOT NULL,
    sub_item_id       text,
    origin_amount     bigint,
    refund_amount     bigint,
    marketing_amount  bigint,
    user_amount       bigint,
    deduct_fee_amount bigint,
    PRIMARY KEY (notice_id, line_no)
);
