-- Fundraising agencies (telemarketing bureaus, street recruitment
-- agencies): a complaint can name the one involved, and contact volumes
-- can be given per agency, so the evaluation shows complaints per 1,000
-- contacts by agency. A volume without an agency is the organisation's
-- total, as before.

-- +goose Up
CREATE TABLE agencies (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE complaints ADD COLUMN agency TEXT REFERENCES agencies(key);
CREATE INDEX complaints_agency ON complaints(agency, received_at) WHERE agency IS NOT NULL;

-- The unique key of a volume gains the agency: SQLite rebuilds the table.
CREATE TABLE contact_volumes_new (
    id          INTEGER PRIMARY KEY,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('telemarketing_calls', 'street_conversations', 'members', 'donors')),
    agency      TEXT NOT NULL DEFAULT '',
    volume      INTEGER NOT NULL CHECK (volume >= 0),
    updated_at  TEXT NOT NULL,
    UNIQUE (period_from, period_to, kind, agency)
);
INSERT INTO contact_volumes_new (id, period_from, period_to, kind, volume, updated_at)
    SELECT id, period_from, period_to, kind, volume, updated_at FROM contact_volumes;
DROP TABLE contact_volumes;
ALTER TABLE contact_volumes_new RENAME TO contact_volumes;

-- +goose Down
CREATE TABLE contact_volumes_old (
    id          INTEGER PRIMARY KEY,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('telemarketing_calls', 'street_conversations', 'members', 'donors')),
    volume      INTEGER NOT NULL CHECK (volume >= 0),
    updated_at  TEXT NOT NULL,
    UNIQUE (period_from, period_to, kind)
);
INSERT INTO contact_volumes_old (id, period_from, period_to, kind, volume, updated_at)
    SELECT id, period_from, period_to, kind, volume, updated_at FROM contact_volumes WHERE agency = '';
DROP TABLE contact_volumes;
ALTER TABLE contact_volumes_old RENAME TO contact_volumes;
DROP INDEX complaints_agency;
ALTER TABLE complaints DROP COLUMN agency;
DROP TABLE agencies;
