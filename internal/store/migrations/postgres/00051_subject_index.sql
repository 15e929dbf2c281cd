-- The complaints a member of staff is about are left out of
-- everything they read. Asked by id through this index, the rule adds a
-- short list of ids to every query instead of a test of each row's
-- subject_user_id, which read the table where an index alone served the
-- list (the incomplete registrations: 5 → 130 ms at a million).

-- +goose Up
CREATE INDEX complaints_subject_user ON complaints(subject_user_id) WHERE subject_user_id IS NOT NULL;

-- +goose Down
DROP INDEX complaints_subject_user;
