-- Contact volumes per period (R3): how many telemarketing calls, street
-- conversations, members and donors there were, so complaint rates per
-- 1,000 contacts can be shown.

-- +goose Up
CREATE TABLE contact_volumes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_from DATE NOT NULL,
    period_to   DATE NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('telemarketing_calls', 'street_conversations', 'members', 'donors')),
    volume      BIGINT NOT NULL CHECK (volume >= 0),
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (period_from, period_to, kind)
);

-- +goose Down
DROP TABLE contact_volumes;
