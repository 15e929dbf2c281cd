-- The quarterly evaluation's sign-off (P7.1) with the snapshot of figures
-- it froze, and the management team's agenda of recurring complaints (P7.2).

-- +goose Up
CREATE TABLE evaluations (
    quarter    TEXT PRIMARY KEY,
    snapshot   TEXT NOT NULL,
    frozen_at  TEXT NOT NULL
);

CREATE TABLE evaluation_signatures (
    quarter   TEXT NOT NULL REFERENCES evaluations(quarter),
    role      TEXT NOT NULL CHECK (role IN ('membership_admin', 'coordinator', 'manager')),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    note      TEXT NOT NULL DEFAULT '',
    signed_at TEXT NOT NULL,
    PRIMARY KEY (quarter, role)
);

CREATE TABLE agenda_items (
    id           INTEGER PRIMARY KEY,
    quarter      TEXT NOT NULL,
    title        TEXT NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    conclusion   TEXT NOT NULL DEFAULT '',
    concluded_at TEXT
);

-- +goose Down
DROP TABLE agenda_items;
DROP TABLE evaluation_signatures;
DROP TABLE evaluations;
