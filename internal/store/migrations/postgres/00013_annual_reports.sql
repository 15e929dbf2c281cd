-- The yearly public summary as its editor left it (R1–R4): the adjusted
-- text, and once published the snapshot of figures and text it froze.

-- +goose Up
CREATE TABLE annual_reports (
    year         INTEGER NOT NULL,
    lang         TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
    body         TEXT NOT NULL DEFAULT '',
    edited_by    BIGINT REFERENCES users(id),
    edited_at    TIMESTAMPTZ,
    snapshot     JSONB,
    published_by BIGINT REFERENCES users(id),
    published_at TIMESTAMPTZ,
    PRIMARY KEY (year, lang)
);

-- +goose Down
DROP TABLE annual_reports;
