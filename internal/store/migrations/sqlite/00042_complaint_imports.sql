-- The old register comes in: which complaint each row of a
-- source became, so importing a file again adds nothing.

-- +goose Up
CREATE TABLE complaint_imports (
    source       TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    imported_at  TEXT NOT NULL,
    PRIMARY KEY (source, source_id)
);

-- +goose Down
DROP TABLE complaint_imports;
