-- Satisfaction: once a complaint is handled, the complainant may rate how
-- it was handled (1–5, with a comment) on the status page, once.

-- +goose Up
CREATE TABLE ratings (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id),
    score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment      TEXT NOT NULL DEFAULT '',
    rated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX ratings_rated ON ratings(rated_at);

-- +goose Down
DROP TABLE ratings;
