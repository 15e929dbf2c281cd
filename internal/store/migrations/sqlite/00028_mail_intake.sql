-- A mail's identity is the message itself (a digest of its raw bytes), not
-- its Message-ID: different mails share Message-IDs (broken clients, list
-- software, forwarding tools), and each must be taken in as what it is
-- (P3.3). The Message-ID stays, as a hint for threading. Every mail read
-- from the mailbox leaves one entry in the intake log with its outcome.

-- +goose Up
CREATE TABLE mail_messages_v2 (
    sha256       TEXT PRIMARY KEY,
    message_id   TEXT NOT NULL,
    complaint_id INTEGER REFERENCES complaints(id),
    created_at   TEXT NOT NULL
);
INSERT INTO mail_messages_v2 (sha256, message_id, complaint_id, created_at)
    SELECT 'message-id:' || message_id, message_id, complaint_id, created_at FROM mail_messages;
DROP TABLE mail_messages;
ALTER TABLE mail_messages_v2 RENAME TO mail_messages;
CREATE INDEX mail_messages_message_id ON mail_messages(message_id);
CREATE INDEX mail_messages_complaint ON mail_messages(complaint_id);

CREATE TABLE mail_quarantine_v2 (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    message_id  TEXT NOT NULL,
    raw         BLOB NOT NULL,
    reason      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    resolved_at TEXT
);
INSERT INTO mail_quarantine_v2 (id, sha256, message_id, raw, reason, received_at, resolved_at)
    SELECT id, 'message-id:' || message_id, message_id, raw, reason, received_at, resolved_at FROM mail_quarantine;
DROP TABLE mail_quarantine;
ALTER TABLE mail_quarantine_v2 RENAME TO mail_quarantine;

CREATE TABLE mail_intake (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    message_id    TEXT NOT NULL,
    mailbox       TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL CHECK (outcome IN ('complaint', 'addition', 'quarantine', 'duplicate')),
    complaint_id  INTEGER REFERENCES complaints(id),
    quarantine_id INTEGER REFERENCES mail_quarantine(id),
    received_at   TEXT,
    sent_at       TEXT
);
CREATE INDEX mail_intake_sha256 ON mail_intake(sha256);
CREATE INDEX mail_intake_outcome ON mail_intake(outcome);

-- +goose Down
DROP TABLE mail_intake;
CREATE TABLE mail_quarantine_v1 (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT NOT NULL UNIQUE,
    raw         BLOB NOT NULL,
    reason      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    resolved_at TEXT
);
INSERT OR IGNORE INTO mail_quarantine_v1 (id, message_id, raw, reason, received_at, resolved_at)
    SELECT id, message_id, raw, reason, received_at, resolved_at FROM mail_quarantine;
DROP TABLE mail_quarantine;
ALTER TABLE mail_quarantine_v1 RENAME TO mail_quarantine;
CREATE TABLE mail_messages_v1 (
    message_id   TEXT PRIMARY KEY,
    complaint_id INTEGER REFERENCES complaints(id),
    created_at   TEXT NOT NULL
);
INSERT OR IGNORE INTO mail_messages_v1 (message_id, complaint_id, created_at)
    SELECT message_id, complaint_id, created_at FROM mail_messages;
DROP TABLE mail_messages;
ALTER TABLE mail_messages_v1 RENAME TO mail_messages;
