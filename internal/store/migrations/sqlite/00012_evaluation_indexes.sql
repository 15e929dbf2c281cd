-- Indexes for the quarterly evaluation over millions of complaints (P7.1):
-- complaints open at a quarter's end follow handled_at; appeals and
-- cancellations are counted by the day they were filed or cancelled.

-- +goose Up
CREATE INDEX complaints_handled ON complaints(handled_at, received_at, due_at);
CREATE INDEX appeals_filed ON appeals(filed_at);
CREATE INDEX cancellations_cancelled_on ON cancellations(cancelled_on);

-- +goose Down
DROP INDEX cancellations_cancelled_on;
DROP INDEX appeals_filed;
DROP INDEX complaints_handled;
