-- The board's queue shows the last appeals decided, newest first: an index
-- in that order reads those few instead of sorting every decided appeal.

-- +goose Up
CREATE INDEX appeals_decided ON appeals(decided_at, id) WHERE decided_at IS NOT NULL;

-- +goose Down
DROP INDEX appeals_decided;
