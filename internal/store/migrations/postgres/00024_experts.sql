-- Outside experts (P5.3): someone without a staff account (a campaign head,
-- the DPO, a lawyer) is asked for input through a secret link that
-- expires. The link is signed (HMAC under a key in settings), so nothing of
-- it is stored; the answer lands on the complaint's timeline.

-- +goose Up
CREATE TABLE expert_requests (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT 'nl',
    question     TEXT NOT NULL,
    share_text   BOOLEAN NOT NULL DEFAULT FALSE,
    deadline     TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    created_by   BIGINT REFERENCES users(id),
    created_at   TIMESTAMPTZ NOT NULL,
    reminded_at  TIMESTAMPTZ,
    answered_at  TIMESTAMPTZ,
    answer       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX expert_requests_complaint ON expert_requests(complaint_id);
CREATE INDEX expert_requests_waiting ON expert_requests(deadline) WHERE answered_at IS NULL AND reminded_at IS NULL;

-- +goose Down
DROP TABLE expert_requests;
