-- Telling the complainant (P5.2, P5.5): the outbox of e-mails and letters,
-- the administrators' message templates, and how each complaint's outcome
-- was told.

-- +goose Up
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    complaint_id    INTEGER REFERENCES complaints(id),
    kind            TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'letter')),
    lang            TEXT NOT NULL,
    recipient       TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'printed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    done_at         TEXT
);
CREATE INDEX outbox_due ON outbox(status, channel, next_attempt_at);
CREATE INDEX outbox_complaint ON outbox(complaint_id);

CREATE TABLE message_templates (
    kind       TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    PRIMARY KEY (kind, lang)
);

ALTER TABLE complaints ADD COLUMN told_via TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN told_by TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN told_at TEXT;
ALTER TABLE complaints ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN satisfied TEXT NOT NULL DEFAULT '' CHECK (satisfied IN ('', 'yes', 'no'));

-- +goose Down
ALTER TABLE complaints DROP COLUMN satisfied;
ALTER TABLE complaints DROP COLUMN outcome;
ALTER TABLE complaints DROP COLUMN told_at;
ALTER TABLE complaints DROP COLUMN told_by;
ALTER TABLE complaints DROP COLUMN told_via;
DROP TABLE message_templates;
DROP TABLE outbox;
