-- The term watch over the parts of split complaints, as over
-- measures: each step (reminder, overdue) happens once per part.

-- +goose Up
CREATE TABLE part_steps (
    part_id  BIGINT NOT NULL REFERENCES complaint_parts(id),
    step     TEXT NOT NULL,
    fired_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (part_id, step)
);

-- +goose Down
DROP TABLE part_steps;
