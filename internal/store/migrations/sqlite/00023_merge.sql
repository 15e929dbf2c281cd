-- Merged duplicates: a complaint merged into another is closed and points
-- to the one that carries on (its reference keeps resolving there). The
-- evaluation counts the survivor only.

-- +goose Up
ALTER TABLE complaints ADD COLUMN merged_into INTEGER REFERENCES complaints(id);
CREATE INDEX complaints_merged ON complaints(merged_into) WHERE merged_into IS NOT NULL;

-- +goose Down
DROP INDEX complaints_merged;
ALTER TABLE complaints DROP COLUMN merged_into;
