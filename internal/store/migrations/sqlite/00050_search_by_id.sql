-- PostgreSQL's text index learns the block of ids of each complaint
-- (see the PostgreSQL migration); SQLite's FTS5 reads its index newest
-- first already, so nothing changes here.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
