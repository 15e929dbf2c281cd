-- Routing and hand-over (P3.2, P5.3): campaigns with their heads, the team
-- and campaign of a complaint, and an audit trail of profile changes.

-- +goose Up
CREATE TABLE campaigns (
    key          TEXT PRIMARY KEY,
    label_nl     TEXT NOT NULL,
    label_en     TEXT NOT NULL,
    head_user_id INTEGER REFERENCES users(id),
    position     INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE complaints ADD COLUMN team TEXT REFERENCES departments(key);
ALTER TABLE complaints ADD COLUMN campaign TEXT REFERENCES campaigns(key);
UPDATE complaints SET team = (SELECT route_department FROM categories WHERE categories.key = complaints.category);
CREATE INDEX complaints_team ON complaints(team, status);

CREATE TABLE profile_changes (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    what     TEXT NOT NULL,
    data     TEXT NOT NULL DEFAULT '{}'
);

-- +goose Down
DROP TABLE profile_changes;
DROP INDEX complaints_team;
ALTER TABLE complaints DROP COLUMN campaign;
ALTER TABLE complaints DROP COLUMN team;
DROP TABLE campaigns;
