-- Four eyes before the final answer: a written outcome that
-- waits for a second person's approval, one per complaint, and the flags
-- (legal, regulatory, reputation) that make a complaint's answer need it.

-- +goose Up
CREATE TABLE outcome_drafts (
    complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),
    via          TEXT NOT NULL,
    told_by      TEXT NOT NULL DEFAULT '',
    told_at      TEXT,
    summary      TEXT NOT NULL,
    satisfied    TEXT NOT NULL DEFAULT '',
    drafted_by   INTEGER NOT NULL REFERENCES users(id),
    drafted_at   TEXT NOT NULL
);
CREATE TABLE complaint_flags (
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    flag         TEXT NOT NULL,
    PRIMARY KEY (complaint_id, flag)
);

-- +goose Down
DROP TABLE complaint_flags;
DROP TABLE outcome_drafts;
