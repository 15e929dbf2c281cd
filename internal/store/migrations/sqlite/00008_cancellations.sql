-- The unspoken complaint (P6): membership cancellations, the call list,
-- and the column mapping saved per import source.

-- +goose Up
CREATE TABLE cancellations (
    id              INTEGER PRIMARY KEY,
    source          TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    member_number   TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    cancelled_on    TEXT NOT NULL,
    reason          TEXT NOT NULL,
    reason_text     TEXT NOT NULL DEFAULT '',
    reason_clear    INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('to_call', 'reached', 'not_reached', 'done')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    call_back_at    TEXT,
    outcome         TEXT NOT NULL DEFAULT '',
    recorded_reason TEXT NOT NULL DEFAULT '',
    offer           TEXT NOT NULL DEFAULT '',
    offer_accepted  TEXT NOT NULL DEFAULT '' CHECK (offer_accepted IN ('', 'yes', 'no')),
    complaint_id    INTEGER REFERENCES complaints(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (source, source_id)
);
CREATE INDEX cancellations_queue ON cancellations(status, cancelled_on, id);

CREATE TABLE cancellation_calls (
    id              INTEGER PRIMARY KEY,
    cancellation_id INTEGER NOT NULL REFERENCES cancellations(id),
    at              TEXT NOT NULL,
    actor_id        INTEGER REFERENCES users(id),
    result          TEXT NOT NULL CHECK (result IN ('reached', 'not_reached', 'call_back')),
    call_back_at    TEXT,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cancellation_calls_of ON cancellation_calls(cancellation_id, id);

CREATE TABLE import_mappings (
    source     TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE import_mappings;
DROP TABLE cancellation_calls;
DROP TABLE cancellations;
