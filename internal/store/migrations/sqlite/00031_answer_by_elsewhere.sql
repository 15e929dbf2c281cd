-- How the complainant wants to hear back (phone, e-mail, letter; empty when
-- not asked), and the profile's list of matters that are no complaint and
-- where they belong instead, shown on the public form.

-- +goose Up
ALTER TABLE complaints ADD COLUMN answer_by TEXT NOT NULL DEFAULT ''
    CHECK (answer_by IN ('', 'phone', 'email', 'letter'));
CREATE TABLE elsewhere (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    text_nl  TEXT NOT NULL DEFAULT '',
    text_en  TEXT NOT NULL DEFAULT '',
    url_nl   TEXT NOT NULL DEFAULT '',
    url_en   TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE elsewhere;
ALTER TABLE complaints DROP COLUMN answer_by;
