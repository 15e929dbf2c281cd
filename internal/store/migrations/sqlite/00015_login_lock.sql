-- Failed sign-ins per account: twenty within a day lock the account for a
-- while, across every server on the database.

-- +goose Up
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_since TEXT;
ALTER TABLE users ADD COLUMN locked_until TEXT;

-- +goose Down
ALTER TABLE users DROP COLUMN locked_until;
ALTER TABLE users DROP COLUMN failed_since;
ALTER TABLE users DROP COLUMN failed_logins;
