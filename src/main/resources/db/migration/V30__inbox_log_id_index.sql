-- Operators look calls up by Douyin's log id (the console's inbox search, GET /api/callbacks?log_id=): without
-- an index that is a scan of the whole inbox. A plain CREATE INDEX holds inserts into the inbox while it builds;
-- nothing is deployed yet, so the table is small. (CONCURRENTLY waits for Flyway's own lock and cannot finish.)
CREATE INDEX IF NOT EXISTS spi_inbox_log_id_idx ON spi_inbox (log_id) WHERE log_id IS NOT NULL;
