-- A mail's identity is the message itself (a digest of its raw bytes), not
-- its Message-ID: different mails share Message-IDs (broken clients, list
-- software, forwarding tools), and each must be taken in as what it is
-- (P3.3). The Message-ID stays, as a hint for threading. Every mail read
-- from the mailbox leaves one entry in the intake log with its outcome.

-- +goose Up
ALTER TABLE mail_messages ADD COLUMN sha256 TEXT;
UPDATE mail_messages SET sha256 = 'message-id:' || message_id;
ALTER TABLE mail_messages ALTER COLUMN sha256 SET NOT NULL;
ALTER TABLE mail_messages DROP CONSTRAINT mail_messages_pkey;
ALTER TABLE mail_messages ADD PRIMARY KEY (sha256);
CREATE INDEX mail_messages_message_id ON mail_messages(message_id);
CREATE INDEX mail_messages_complaint ON mail_messages(complaint_id);

ALTER TABLE mail_quarantine ADD COLUMN sha256 TEXT;
UPDATE mail_quarantine SET sha256 = 'message-id:' || message_id;
ALTER TABLE mail_quarantine ALTER COLUMN sha256 SET NOT NULL;
ALTER TABLE mail_quarantine DROP CONSTRAINT mail_quarantine_message_id_key;
ALTER TABLE mail_quarantine ADD CONSTRAINT mail_quarantine_sha256_key UNIQUE (sha256);

CREATE TABLE mail_intake (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            TIMESTAMPTZ NOT NULL,
    sha256        TEXT NOT NULL,
    message_id    TEXT NOT NULL,
    mailbox       TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL CHECK (outcome IN ('complaint', 'addition', 'quarantine', 'duplicate')),
    complaint_id  BIGINT REFERENCES complaints(id),
    quarantine_id BIGINT REFERENCES mail_quarantine(id),
    received_at   TIMESTAMPTZ,
    sent_at       TIMESTAMPTZ
);
CREATE INDEX mail_intake_sha256 ON mail_intake(sha256);
CREATE INDEX mail_intake_outcome ON mail_intake(outcome);

-- +goose Down
DROP TABLE mail_intake;
DELETE FROM mail_quarantine a USING mail_quarantine b WHERE a.message_id = b.message_id AND a.id > b.id;
ALTER TABLE mail_quarantine DROP CONSTRAINT mail_quarantine_sha256_key;
ALTER TABLE mail_quarantine ADD CONSTRAINT mail_quarantine_message_id_key UNIQUE (message_id);
ALTER TABLE mail_quarantine DROP COLUMN sha256;
DELETE FROM mail_messages a USING mail_messages b WHERE a.message_id = b.message_id AND a.sha256 > b.sha256;
ALTER TABLE mail_messages DROP CONSTRAINT mail_messages_pkey;
ALTER TABLE mail_messages DROP COLUMN sha256;
ALTER TABLE mail_messages ADD PRIMARY KEY (message_id);
