-- A caller is found by their number however it was typed (issue 18.3):
-- the complainant's phone as E.164, written with every complaint; complaints
-- from before are filled in by the phone-index job.

-- +goose Up
ALTER TABLE complaints ADD COLUMN phone_e164 TEXT NOT NULL DEFAULT '';
CREATE INDEX complaints_phone ON complaints(phone_e164) WHERE phone_e164 <> '';
CREATE INDEX complaints_phone_todo ON complaints(id) WHERE phone <> '' AND phone_e164 = '';

-- +goose Down
DROP INDEX complaints_phone_todo;
DROP INDEX complaints_phone;
ALTER TABLE complaints DROP COLUMN phone_e164;
