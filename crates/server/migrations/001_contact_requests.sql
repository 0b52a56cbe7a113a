-- Contact requests as received, one row per request_id (the client's idempotency key).
CREATE TABLE contact_requests (
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
                             CHECK (status IN ('new', 'contacted', 'handled', 'spam')),
    status_changed_at        TEXT
);

-- The operators' question: "what is new for my desk since …".
CREATE INDEX contact_requests_by_desk ON contact_requests (desk_id, status, received_at);
CREATE INDEX contact_requests_by_date ON contact_requests (received_at);
