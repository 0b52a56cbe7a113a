-- Notifications to the deployment's webhook (MICROWORK_WEBHOOK_URL): one row per new, non-spam request,
-- written in the same transaction as the request, so every acknowledged request is also one the webhook
-- will hear about, even across crashes and restarts (at least once). The payload is built from
-- contact_requests when it is sent: erasing a request (ON DELETE CASCADE) also cancels its notification.
CREATE TABLE webhook_outbox (
    id              INTEGER PRIMARY KEY,
    contact_id      INTEGER NOT NULL UNIQUE REFERENCES contact_requests (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,              -- unix milliseconds
    state           TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,              -- unix milliseconds
    last_attempt_at INTEGER,                       -- unix milliseconds
    last_error      TEXT,                          -- our client's view ("HTTP 503", "connection refused"), no bodies
    delivered_at    INTEGER                        -- unix milliseconds
);

-- The worker's question: "what is due now?".
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE state = 'pending';
