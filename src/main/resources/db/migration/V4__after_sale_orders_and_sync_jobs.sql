-- After-sale orders as the detail API returns them (PROTOCOL.md 2c), upserted by after_sale_id.
-- Every amount, time and platform enum is bigint: the platform's own example reaches 9.1 * 10^18, which fits
-- a signed 64-bit integer exactly and nothing narrower (no numeric/float rounding anywhere on the way).
CREATE TABLE after_sale_order (
    after_sale_id            text PRIMARY KEY,
    order_id                 text        NOT NULL,
    account_id               text        NOT NULL,
    out_biz_after_sale_id    text,
    out_refund_payment_id    text,
    merchant_account_id      bigint,
    status                   bigint,
    refund_type              bigint,
    order_type               bigint,
    trade_type               bigint,
    audit_result             text,
    audit_time               bigint,
    create_time              bigint,
    update_time              bigint,
    complete_time            bigint,
    reason_codes             bigint[],
    reason_desc              text,
    -- reason.show_reason[]: parallel arrays, one element per entry, in the order Douyin sent them
    show_reason_codes        bigint[],
    show_reason_msgs         text[],
    reject_reason            text,
    refund_amount            bigint,
    user_refund_amount       bigint,
    market_refund_amount     bigint,
    deduct_fee_amount        bigint,
    user_deduct_fee_amount   bigint,
    market_deduct_fee_amount bigint,
    total_refund_amount      bigint,
    real_refund_amount       bigint,
    -- extra.logid of the answer this row was last written from
    platform_log_id          text,
    first_synced_at          timestamptz NOT NULL DEFAULT now(),
    last_synced_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX after_sale_order_order_idx ON after_sale_order (order_id, after_sale_id);

-- refund_info_list[]: replaced as a whole on every sync of its order (the answer is a full snapshot).
CREATE TABLE after_sale_refund (
    after_sale_id            text    NOT NULL REFERENCES after_sale_order (after_sale_id) ON DELETE CASCADE,
    line_no                  integer NOT NULL,
    refund_id                text,
    certificate_id           text,
    code                     text,
    order_item_id            text,
    refund_status            bigint,
    is_verified              boolean,
    refund_amount            bigint,
    user_refund_amount       bigint,
    market_refund_amount     bigint,
    deduct_fee_amount        bigint,
    user_deduct_fee_amount   bigint,
    market_deduct_fee_amount bigint,
    total_refund_amount      bigint,
    real_refund_amount       bigint,
    apply_time               bigint,
    create_time              bigint,
    update_time              bigint,
    complete_time            bigint,
    PRIMARY KEY (after_sale_id, line_no)
);
CREATE INDEX after_sale_refund_certificate_idx ON after_sale_refund (certificate_id) WHERE certificate_id IS NOT NULL;

-- times_card_refund_info_list[] of a refund line (times-cards only).
CREATE TABLE after_sale_refund_times_card (
    after_sale_id text    NOT NULL,
    line_no       integer NOT NULL,
    entry_no      integer NOT NULL,
    serial_number bigint,
    PRIMARY KEY (after_sale_id, line_no, entry_no),
    FOREIGN KEY (after_sale_id, line_no) REFERENCES after_sale_refund (after_sale_id, line_no) ON DELETE CASCADE
);

-- Durable queue of detail syncs (a scenic refund notice queues one per order and certificate).
-- Workers on any replica claim due rows with UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED),
-- hold them for a lease (locked_until, lease_token), and write the result back only while the lease is
-- theirs. A RUNNING row whose lease expired (its replica died) is claimable again: nothing is lost on a
-- crash or a restart, and a platform outage only moves next_attempt_at (exponential backoff) until
-- max attempts, then GAVE_UP, which operators see in GET /api/after-sales/sync-jobs.
CREATE TABLE after_sale_sync_job (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id        text        NOT NULL,
    -- null: the whole order
    certificate_id  text,
    -- null: DOUYIN_ACCOUNT_ID when the job runs
    account_id      text,
    source          text        NOT NULL,
    status          text        NOT NULL DEFAULT 'QUEUED'
        CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'GAVE_UP')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    lease_token     uuid,
    -- set when the same work is queued again while a worker runs it: it runs once more afterwards,
    -- since the running query may have been answered before the change that queued it
    rerun_requested boolean     NOT NULL DEFAULT false,
    last_error      text,
    last_error_code bigint,
    last_log_id     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
-- At most one pending job per (order, certificate): enqueueing pending work again is a no-op
-- (ON CONFLICT ... DO UPDATE on this index), so repeated notices do not multiply calls to Douyin.
CREATE UNIQUE INDEX after_sale_sync_job_pending_uq ON after_sale_sync_job (order_id, (coalesce(certificate_id, '')))
    WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX after_sale_sync_job_due_idx ON after_sale_sync_job (next_attempt_at) WHERE status = 'QUEUED';
CREATE INDEX after_sale_sync_job_lease_idx ON after_sale_sync_job (locked_until) WHERE status = 'RUNNING';
CREATE INDEX after_sale_sync_job_status_idx ON after_sale_sync_job (status, id DESC);
