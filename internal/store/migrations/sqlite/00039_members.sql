-- The member file: the membership administration's export of its members
-- (P4.1), for organisations whose membership system has no API. An import
-- replaces what its source held before.

-- +goose Up
CREATE TABLE members (
    member_number TEXT PRIMARY KEY,
    name          TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    phone_e164    TEXT NOT NULL DEFAULT '', -- the phone as E.164, for a caller's number
    source        TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX members_phone ON members(phone_e164) WHERE phone_e164 <> '';
CREATE INDEX members_source ON members(source);

-- +goose Down
DROP TABLE members;
