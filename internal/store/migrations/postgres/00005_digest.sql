-- The optional daily e-mail digest for staff: who wants one, and which
-- days' digests went out (the key makes each one happen once).

-- +goose Up
ALTER TABLE users ADD COLUMN digest BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE digests_sent (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day     TEXT NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- +goose Down
DROP TABLE digests_sent;
ALTER TABLE users DROP COLUMN digest;
