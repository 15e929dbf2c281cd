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
ALTER TABLE contact_volumes ADD COLUMN agency TEXT NOT NULL DEFAULT '';
ALTER TABLE contact_volumes DROP CONSTRAINT contact_volumes_period_from_period_to_kind_key;
ALTER TABLE contact_volumes ADD CONSTRAINT contact_volumes_period_kind_agency UNIQUE (period_from, period_to, kind, agency);

-- +goose Down
DELETE FROM contact_volumes WHERE agency <> '';
ALTER TABLE contact_volumes DROP CONSTRAINT contact_volumes_period_kind_agency;
ALTER TABLE contact_volumes ADD CONSTRAINT contact_volumes_period_from_period_to_kind_key UNIQUE (period_from, period_to, kind);
ALTER TABLE contact_volumes DROP COLUMN agency;
DROP INDEX complaints_agency;
ALTER TABLE complaints DROP COLUMN agency;
DROP TABLE agencies;
