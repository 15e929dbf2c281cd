-- An API token may act as a narrower role than its user (an export for the
-- CRM needs less than the administrator who made it).

-- +goose Up
ALTER TABLE api_tokens ADD COLUMN role TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN role;
