-- A caller is found by their number however it was typed:
-- each complaint's phone as E.164, in a table of its own so that indexing
-- the numbers of complaints from before touches none of them; the
-- phone-index job fills it for those, past the id it has reached.

-- +goose Up
CREATE TABLE complaint_phones (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id),
    e164         TEXT NOT NULL
);
CREATE INDEX complaint_phones_e164 ON complaint_phones(e164);

-- +goose Down
DROP TABLE complaint_phones;
