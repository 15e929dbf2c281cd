-- Outside experts (P5.3): someone without a staff account (a campaign head,
-- the DPO, a lawyer) is asked for input through a secret link that
-- expires. The link is signed (HMAC under a key in settings), so nothing of
-- it is stored; the answer lands on the complaint's timeline.

-- +goose Up
CREATE TABLE expert_requests (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT 'nl',
    question     TEXT NOT NULL,
    share_text   INTEGER NOT NULL DEFAULT 0,
    deadline     TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    reminded_at  TEXT,
    answered_at  TEXT,
    answer       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX expert_requests_complaint ON expert_requests(complaint_id);
CREATE INDEX expert_requests_waiting ON expert_requests(deadline) WHERE answered_at IS NULL AND reminded_at IS NULL;

-- +goose Down
DROP TABLE expert_requests;
