-- Sign-in links e-mailed to the owner of a guarded account: a one-time
-- link of its own purpose. SQLite changes a CHECK by rebuilding the table.

-- +goose Up
CREATE TABLE one_time_links_v2 (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup_admin', 'set_password', 'unlock')),
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
INSERT INTO one_time_links_v2 SELECT token_hash, purpose, user_id, created_at, expires_at, used_at FROM one_time_links;
DROP TABLE one_time_links;
ALTER TABLE one_time_links_v2 RENAME TO one_time_links;

-- +goose Down
DELETE FROM one_time_links WHERE purpose = 'unlock';
CREATE TABLE one_time_links_v1 (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup_admin', 'set_password')),
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
INSERT INTO one_time_links_v1 SELECT token_hash, purpose, user_id, created_at, expires_at, used_at FROM one_time_links;
DROP TABLE one_time_links;
ALTER TABLE one_time_links_v1 RENAME TO one_time_links;
