-- Intake (P3, P8.1): attachments kept in the database (so every server
-- sees them and backups hold them), and the complainant's status links.

-- +goose Up
CREATE TABLE attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    source       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_complaint ON attachments(complaint_id);

CREATE TABLE status_links (
    token_hash   TEXT PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX status_links_complaint ON status_links(complaint_id);

-- +goose Down
DROP TABLE status_links;
DROP TABLE attachments;
