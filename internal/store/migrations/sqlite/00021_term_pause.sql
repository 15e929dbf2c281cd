-- Term pause: while the handler waits for information only the complainant
-- can give, the handling term stands still. paused_at is when the current
-- pause began (NULL when the clock runs); paused_seconds adds up the
-- pauses that ended, which the evaluation reports apart.

-- +goose Up
ALTER TABLE complaints ADD COLUMN paused_at TEXT;
ALTER TABLE complaints ADD COLUMN paused_seconds INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE complaints DROP COLUMN paused_seconds;
ALTER TABLE complaints DROP COLUMN paused_at;
