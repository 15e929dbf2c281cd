-- Sign-in links e-mailed to the owner of a guarded account: a one-time
-- link of its own purpose.

-- +goose Up
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_purpose_check;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_purpose_check CHECK (purpose IN ('setup_admin', 'set_password', 'unlock'));

-- +goose Down
DELETE FROM one_time_links WHERE purpose = 'unlock';
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_purpose_check;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_purpose_check CHECK (purpose IN ('setup_admin', 'set_password'));
