-- Representatives: who made a complaint on the complainant's
-- behalf, with their own contact details, the authorisation they showed,
-- and whom letters and mail go to.

-- +goose Up
CREATE TABLE complaint_representatives (
    complaint_id       BIGINT PRIMARY KEY REFERENCES complaints(id),
    relation           TEXT NOT NULL,
    name               TEXT NOT NULL,
    address            TEXT NOT NULL DEFAULT '',
    postcode           TEXT NOT NULL DEFAULT '',
    city               TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    authorised         INTEGER NOT NULL DEFAULT 0,
    authorisation_note TEXT NOT NULL DEFAULT '',
    write_to           TEXT NOT NULL DEFAULT 'representative',
    set_at             TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE complaint_representatives;
