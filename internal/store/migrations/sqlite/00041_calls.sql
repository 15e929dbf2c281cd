-- The caller log (P3.1): call events from the telephony system
-- (as Zammad's generic CTI sends them), with the caller recognised by
-- number, and the complaint a call was registered as.

-- +goose Up
CREATE TABLE calls (
    id            INTEGER PRIMARY KEY,
    call_id       TEXT NOT NULL UNIQUE,   -- the telephony system's id of the call
    direction     TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out')),
    from_number   TEXT NOT NULL DEFAULT '',
    to_number     TEXT NOT NULL DEFAULT '',
    from_e164     TEXT NOT NULL DEFAULT '',
    agent         TEXT NOT NULL DEFAULT '', -- who answered, as the telephony system names them
    state         TEXT NOT NULL CHECK (state IN ('ringing', 'answered', 'ended')),
    cause         TEXT NOT NULL DEFAULT '', -- why it ended: normalClearing, busy, cancel, noAnswer …
    member_number TEXT NOT NULL DEFAULT '', -- the caller, recognised by number
    caller_name   TEXT NOT NULL DEFAULT '',
    callers       INTEGER NOT NULL DEFAULT 0, -- how many members or complainants use the number
    complaint_id  INTEGER REFERENCES complaints(id),
    started_at    TEXT NOT NULL,
    answered_at   TEXT,
    ended_at      TEXT
);
CREATE INDEX calls_started ON calls(started_at);

-- +goose Down
DROP TABLE calls;
