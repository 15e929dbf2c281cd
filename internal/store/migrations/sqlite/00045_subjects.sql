-- Who or what a complaint is about (Awb 9:1 and 9:7): a member
-- of staff, someone acting for the organisation, or a department. The
-- member of staff is kept on the complaint too (subject_user_id), so the
-- rule that they never handle it is checked where the handler is chosen.
-- The person complained about is heard through a signed link like the
-- outside expert's: an expert request in the role 'subject'.

-- +goose Up
CREATE TABLE complaint_subjects (
    complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),
    kind         TEXT NOT NULL CHECK (kind IN ('staff', 'agent', 'unit')),
    user_id      INTEGER REFERENCES users(id),
    name         TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    department   TEXT NOT NULL DEFAULT '',
    set_at       TEXT NOT NULL,
    set_by       INTEGER
);
ALTER TABLE complaints ADD COLUMN subject_user_id INTEGER REFERENCES users(id);
ALTER TABLE expert_requests ADD COLUMN role TEXT NOT NULL DEFAULT 'expert';

-- +goose Down
ALTER TABLE expert_requests DROP COLUMN role;
ALTER TABLE complaints DROP COLUMN subject_user_id;
DROP TABLE complaint_subjects;
