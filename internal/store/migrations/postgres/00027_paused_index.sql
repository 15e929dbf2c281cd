-- The evaluation's paused figure reads only the complaints whose term
-- stood still: a few, found without visiting the quarter's other rows.

-- +goose Up
CREATE INDEX complaints_paused ON complaints(received_at, paused_seconds) WHERE paused_seconds > 0;

-- +goose Down
DROP INDEX complaints_paused;
