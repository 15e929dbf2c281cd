-- Scheduled reports: the weekly overview and the quarterly evaluation go by
-- e-mail as PDF, and the yearly summary's draft in January. An e-mail in
-- the outbox can carry one file; each run of a schedule is claimed once,
-- however many servers share the database.

-- +goose Up
ALTER TABLE outbox ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN file_data BYTEA;
CREATE TABLE scheduled_runs (
    job    TEXT NOT NULL,
    period TEXT NOT NULL,
    ran_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job, period)
);

-- +goose Down
DROP TABLE scheduled_runs;
ALTER TABLE outbox DROP COLUMN file_data;
ALTER TABLE outbox DROP COLUMN file_name;
