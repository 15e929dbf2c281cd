-- E-mail intake (P3.3): every mail taken in, by Message-ID, so a mail is
-- turned into a complaint once however often it is fetched; and the
-- quarantine of mails that could not be read, kept raw.

-- +goose Up
CREATE TABLE mail_messages (
    message_id   TEXT PRIMARY KEY,
    complaint_id BIGINT REFERENCES complaints(id),
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE mail_quarantine (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  TEXT NOT NULL UNIQUE,
    raw         BYTEA NOT NULL,
    reason      TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ
);

-- +goose Down
DROP TABLE mail_quarantine;
DROP TABLE mail_messages;
