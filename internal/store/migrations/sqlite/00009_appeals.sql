-- Appeals to the board (P8): filed on a handled complaint, decided within
-- the profile's term (30 days); the steps of the appeal watch happen once.

-- +goose Up
CREATE TABLE appeals (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    grounds      TEXT NOT NULL,
    filed_at     TEXT NOT NULL,
    filed_by     INTEGER REFERENCES users(id),
    due_at       TEXT NOT NULL,
    decision     TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'upheld', 'partly_upheld', 'rejected')),
    reasoning    TEXT NOT NULL DEFAULT '',
    decided_at   TEXT,
    decided_by   INTEGER REFERENCES users(id)
);
CREATE INDEX appeals_open ON appeals(decided_at, due_at);
CREATE INDEX appeals_complaint ON appeals(complaint_id);

CREATE TABLE appeal_steps (
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    step      TEXT NOT NULL,
    fired_at  TEXT NOT NULL,
    PRIMARY KEY (appeal_id, step)
);

-- +goose Down
DROP TABLE appeal_steps;
DROP TABLE appeals;
