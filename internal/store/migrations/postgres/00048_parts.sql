-- One complaint, several departments (article 5): the parts a
-- referral splits a complaint into, each with its department, handler and
-- term. A department sees the complaints it has a part of.

-- +goose Up
CREATE TABLE complaint_parts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    department   TEXT NOT NULL REFERENCES departments(key),
    assignee_id  BIGINT REFERENCES users(id),
    what         TEXT NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL,
    handled_at   TIMESTAMPTZ,
    outcome      TEXT NOT NULL DEFAULT '',
    handled_by   BIGINT,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaint_parts_complaint ON complaint_parts (complaint_id);
CREATE INDEX complaint_parts_department ON complaint_parts (department, complaint_id);
CREATE INDEX complaint_parts_assignee ON complaint_parts (assignee_id) WHERE assignee_id IS NOT NULL;

-- +goose Down
DROP TABLE complaint_parts;
