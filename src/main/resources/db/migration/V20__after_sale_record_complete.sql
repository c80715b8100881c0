-- The after-sale record complete (PROTOCOL.md 2c). Expand only: nullable columns and an index, no rewrite of a
-- table (Flyway's init-sql bounds every lock this waits for with lock_timeout).
--
-- has_more / cursor: those of the answer this row was last written from (like platform_log_id). The detail API
-- takes no cursor, so an answer with has_more = true cannot be followed: the row says so.
ALTER TABLE after_sale_order
    ADD COLUMN has_more boolean,
    ADD COLUMN cursor   text;

-- The refund line's platform-marketing amounts, which ByteDance's OpenAPI SDK models and the page's example lacks.
ALTER TABLE after_sale_refund
    ADD COLUMN platform_market_refund_amount     bigint,
    ADD COLUMN platform_market_deduct_fee_amount bigint;

-- The times-card entry's amounts (SDK), beside its serial_number.
ALTER TABLE after_sale_refund_times_card
    ADD COLUMN refund_amount                     bigint,
    ADD COLUMN origin_amount                     bigint,
    ADD COLUMN user_amount                       bigint,
    ADD COLUMN marketing_amount                  bigint,
    ADD COLUMN platform_market_amount            bigint,
    ADD COLUMN deduct_fee_amount                 bigint,
    ADD COLUMN user_deduct_fee_amount            bigint,
    ADD COLUMN platform_market_deduct_fee_amount bigint;

-- The operator listing without a filter: most recently synced first, one page read off the index.
CREATE INDEX after_sale_order_synced_idx ON after_sale_order (last_synced_at DESC, after_sale_id);
-- The sync-job listing by order (the status filter has after_sale_sync_job_status_idx).
CREATE INDEX after_sale_sync_job_order_idx ON after_sale_sync_job (order_id, id DESC);
