-- The desk's work and its accounts (issue 15). Portable SQL: text ids for accounts and sessions, RFC 3339 UTC
-- text for every time, 0/1 integers for flags, so the PostgreSQL schema can use the same names.
--
-- contact_requests is rebuilt (SQLite cannot change a CHECK): statuses new → taken → contacted → closed (+ spam),
-- the outcome of a closed request, the desk's private note, and when the person escalated. 'handled' becomes
-- 'closed' with no outcome. Run with foreign keys off (db.rs), so dropping the old tables cascades nothing.
CREATE TABLE contact_requests_new (
    id                       INTEGER PRIMARY KEY,
    request_id               TEXT    NOT NULL UNIQUE,
    reference                TEXT    NOT NULL UNIQUE,
    body_hash                TEXT    NOT NULL,
    received_at              TEXT    NOT NULL,
    desk_id                  TEXT,
    name                     TEXT    NOT NULL,
    email                    TEXT,
    phone                    TEXT,
    comune_istat             TEXT,
    channel                  TEXT    NOT NULL,
    time_window              TEXT    NOT NULL,
    message                  TEXT,
    consent_privacy          INTEGER NOT NULL CHECK (consent_privacy = 1),
    consent_share_assessment INTEGER NOT NULL,
    assessment               TEXT,
    partner                  TEXT,
    lang                     TEXT    NOT NULL,
    status                   TEXT    NOT NULL DEFAULT 'new'
                             CHECK (status IN ('new', 'taken', 'contacted', 'closed', 'spam')),
    status_changed_at        TEXT,
    outcome                  TEXT    CHECK (outcome IN ('path_started', 'not_eligible', 'unreachable', 'declined')),
    note                     TEXT,
    escalated_at             TEXT
);

INSERT INTO contact_requests_new (id, request_id, reference, body_hash, received_at, desk_id, name, email, phone,
        comune_istat, channel, time_window, message, consent_privacy, consent_share_assessment, assessment, partner,
        lang, status, status_changed_at)
    SELECT id, request_id, reference, body_hash, received_at, desk_id, name, email, phone, comune_istat, channel,
           time_window, message, consent_privacy, consent_share_assessment, assessment, partner, lang,
           CASE status WHEN 'handled' THEN 'closed' ELSE status END, status_changed_at
      FROM contact_requests;

-- Notifications, now one per request and event (contact_request.created, contact_request.escalated).
CREATE TABLE webhook_outbox_new (
    id              INTEGER PRIMARY KEY,
    contact_id      INTEGER NOT NULL REFERENCES contact_requests (id) ON DELETE CASCADE,
    event           TEXT    NOT NULL DEFAULT 'contact_request.created',
    created_at      INTEGER NOT NULL,              -- unix milliseconds
    state           TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,              -- unix milliseconds
    last_attempt_at INTEGER,                       -- unix milliseconds
    last_error      TEXT,
    delivered_at    INTEGER,                       -- unix milliseconds
    UNIQUE (contact_id, event)
);

INSERT INTO webhook_outbox_new (id, contact_id, created_at, state, attempts, next_attempt_at, last_attempt_at,
        last_error, delivered_at)
    SELECT id, contact_id, created_at, state, attempts, next_attempt_at, last_attempt_at, last_error, delivered_at
      FROM webhook_outbox;

DROP TABLE webhook_outbox;
DROP TABLE contact_requests;
ALTER TABLE contact_requests_new RENAME TO contact_requests;
ALTER TABLE webhook_outbox_new RENAME TO webhook_outbox;

CREATE INDEX contact_requests_by_desk ON contact_requests (desk_id, status, received_at);
CREATE INDEX contact_requests_by_date ON contact_requests (received_at);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE state = 'pending';

-- Every move of a request between statuses, dated, with the operator who made it (NULL: the integration token).
CREATE TABLE contact_request_events (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contact_requests (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    outcome     TEXT,
    operator_id TEXT
);
CREATE INDEX contact_request_events_by_request ON contact_request_events (contact_id, id);

INSERT INTO contact_request_events (contact_id, at, status)
    SELECT id, status_changed_at, status FROM contact_requests
     WHERE status_changed_at IS NOT NULL AND status IN ('taken', 'contacted', 'closed');

-- The person's keys to the status page: SHA-256 of each secret given out (one per accepted answer).
CREATE TABLE contact_request_secrets (
    secret_hash TEXT    PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contact_requests (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL
);
CREATE INDEX contact_request_secrets_by_request ON contact_request_secrets (contact_id);

-- Operator accounts: a person at a desk (sees that desk's requests) or an admin (sees all).
CREATE TABLE operators (
    id              TEXT    PRIMARY KEY,           -- UUID
    email           TEXT    NOT NULL UNIQUE,       -- lower case
    is_admin        INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    password_hash   TEXT,                          -- Argon2id, PHC string; NULL until set from the link
    password_set_at TEXT,
    created_at      TEXT    NOT NULL,
    disabled_at     TEXT,
    last_login_at   TEXT
);

CREATE TABLE operator_desks (
    operator_id TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    desk_id     TEXT NOT NULL,
    PRIMARY KEY (operator_id, desk_id)
);

-- One-time links to set a password: SHA-256 of the token (the token itself is only in the link).
CREATE TABLE password_links (
    token_hash  TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- Signed-in sessions: SHA-256 of the cookie's value.
CREATE TABLE operator_sessions (
    id_hash      TEXT PRIMARY KEY,
    operator_id  TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX operator_sessions_by_operator ON operator_sessions (operator_id);

-- Who read, exported, changed or erased what, and when. Aged out with the requests (retention).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,                     -- operator, token, person, cli, system
    operator_id TEXT,
    actor_email TEXT,
    action      TEXT NOT NULL,                     -- request.read, request.export, …
    reference   TEXT,
    desk_id     TEXT,
    detail      TEXT                               -- JSON
);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_reference ON audit_log (reference);
