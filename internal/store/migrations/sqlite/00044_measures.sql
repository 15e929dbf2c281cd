-- Measures (Wkkgz art. 17): what the decision on a complaint
-- sets out to do, who sees to it and by when. The term watch follows
-- them: each step (reminder, overdue) happens once per measure, claimed by
-- its row in measure_steps.

-- +goose Up
CREATE TABLE measures (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    what         TEXT NOT NULL,
    owner_id     INTEGER NOT NULL REFERENCES users(id),
    due_at       TEXT NOT NULL,
    done_at      TEXT,
    done_note    TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   INTEGER
);
CREATE INDEX measures_complaint ON measures (complaint_id);
CREATE INDEX measures_due ON measures (due_at);
CREATE TABLE measure_steps (
    measure_id INTEGER NOT NULL REFERENCES measures(id),
    step       TEXT NOT NULL,
    fired_at   TEXT NOT NULL,
    PRIMARY KEY (measure_id, step)
);

-- +goose Down
DROP TABLE measure_steps;
DROP TABLE measures;
