-- The audit chain is keyed: each entry names the key its HMAC was made
-- with (empty for entries of before, hashed with plain SHA-256).

-- +goose Up
ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE audit_log DROP COLUMN key_id;
