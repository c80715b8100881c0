-- Sync jobs remember the app they came in through, say why they gave up, and who queued them again.
--
-- client_key: the app (douyin.apps.<name>, or the primary app) whose SPI call queued the job. The job calls
-- Douyin with that app's token and rate budget, and, unless the job names an account_id, with that app's
-- account-id. Null: the primary app (jobs queued by an operator, or before this migration and not traced below).
-- gave_up_reason: why a GAVE_UP job gave up, one of GiveUpReason (PLATFORM_REFUSED, MALFORMED_ANSWER,
-- TOKEN_UNAVAILABLE, MAX_ATTEMPTS, LEASE_EXPIRED, NO_ACCOUNT, UNKNOWN_APP); null otherwise. last_error keeps the
-- words. Not a CHECK: a reason added later needs no migration, and only the service writes it.
-- requeued_by / requeued_at: the operator who last put a GAVE_UP job back in the queue, and when.
ALTER TABLE after_sale_sync_job
    ADD COLUMN client_key     text,
    ADD COLUMN gave_up_reason text,
    ADD COLUMN requeued_by    text,
    ADD COLUMN requeued_at    timestamptz;

-- Jobs queued by scenic notices before this migration: the app of the order's latest notice.
UPDATE after_sale_sync_job j
SET client_key = (SELECT n.client_key FROM scenic_refund_notice n WHERE n.order_id = j.order_id
                  ORDER BY n.id DESC LIMIT 1)
WHERE j.source = 'scenic-refund-audit-notice' AND j.status <> 'DONE';
