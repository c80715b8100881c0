-- The Douyin client token (PROTOCOL.md 2a), one per client_key, shared by every replica.
-- Douyin keeps only the two newest tokens valid and invalidates the previous one 5 minutes after a fetch:
-- replicas fetching their own tokens would invalidate each other. So the token lives here; a replica that
-- finds it missing or near expiry takes pg_try_advisory_xact_lock(hashtext('douyin-token:' || client_key)),
-- re-reads the row under the lock and only then calls Douyin. The others wait and re-read.
CREATE TABLE douyin_client_token (
    client_key   text PRIMARY KEY,
    access_token text        NOT NULL,
    expires_at   timestamptz NOT NULL,
    fetched_at   timestamptz NOT NULL DEFAULT now()
);

-- The platform's rate budget (10 calls per rolling second per app), shared by every replica.
-- Each app has exactly N slots (N = douyin.openapi.rate-limit.per-second; rows slot >= N are ignored).
-- A call takes the slot free the longest, only if free_at has passed, with one atomic
-- UPDATE ... FOR UPDATE SKIP LOCKED, and marks it busy (free_at = now + a lease). When the call ends it
-- sets free_at = now + 1 s (+ margin). Two calls on one slot therefore reach Douyin more than a second
-- apart however slow the network, so no rolling second holds more than N calls, whatever the number of
-- replicas. A replica that dies mid-call loses the slot only until the lease passes. Times come from the
-- database clock: replicas whose clocks drift cannot disagree about the window.
CREATE TABLE douyin_rate_slot (
    app      text        NOT NULL,
    slot     integer     NOT NULL CHECK (slot >= 0),
    taken_at timestamptz,
    free_at  timestamptz NOT NULL DEFAULT 'epoch',
    PRIMARY KEY (app, slot)
);
