-- The operator API lists the inbox by Douyin's log id (GET /api/callbacks?log_id=): without an index that read scans
-- every call ever received. Partial: calls without a log id are never looked up by it.
-- Not CONCURRENTLY: that waits for every open transaction, Flyway's own included, so it only ever ends at the lock
-- timeout. A plain build holds inserts into spi_inbox while it runs: instant on the tables of today (nothing is
-- deployed yet); on a large inbox, build the index by hand with CREATE INDEX CONCURRENTLY first (IF NOT EXISTS
-- then makes this a no-op).
CREATE INDEX IF NOT EXISTS spi_inbox_log_id_idx ON spi_inbox (log_id) WHERE log_id IS NOT NULL;
