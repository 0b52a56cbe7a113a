-- Desks keep their own details true (issue 19). Portable SQL (plain TEXT/INTEGER, RFC 3339 UTC text times,
-- ISO dates), so the PostgreSQL schema can use the same names.

-- The published entry of each desk the database knows better than dist/data/sportelli.json: the whole desk
-- as JSON (core's Desk), after an approved proposal or a confirmation.
CREATE TABLE desk_records (
    desk_id     TEXT NOT NULL PRIMARY KEY,
    data        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT
);

-- A desk operator's proposed correction, waiting for an admin.
CREATE TABLE desk_proposals (
    id           INTEGER PRIMARY KEY,
    desk_id      TEXT NOT NULL,
    operator_id  TEXT,
    proposed_by  TEXT,
    proposed_at  TEXT NOT NULL,
    data         TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'approved', 'rejected', 'superseded')),
    decided_at   TEXT,
    decided_by   TEXT,
    reason       TEXT
);
CREATE INDEX desk_proposals_by_state ON desk_proposals (state, desk_id);

-- "Segnala un errore": a person's report that an entry is wrong. `contact` is personal data: aged out with
-- the contact requests by the retention purge.
CREATE TABLE desk_reports (
    id           INTEGER PRIMARY KEY,
    desk_id      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    problem      TEXT NOT NULL,
    message      TEXT,
    contact      TEXT,
    state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    closed_at    TEXT,
    closed_by    TEXT
);
CREATE INDEX desk_reports_by_desk ON desk_reports (desk_id, state, received_at);
