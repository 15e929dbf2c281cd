-- The incomplete registrations (P4.7) are a few in a hundred: a partial
-- index holds just those (that lists show: not merged away), so the list
-- and its count do not read the register. The condition is
-- store/predicates.go's sqlIncomplete, word for word (a test compares
-- them); should the rule change, a new migration makes the index anew.

-- +goose Up
CREATE INDEX complaints_incomplete ON complaints(received_at, id) WHERE merged_into IS NULL AND (name = '' OR address = '' OR postcode = '' OR city = '' OR (email = '' AND phone = '')
	OR concerns = '' OR (taken_by IS NULL AND channel NOT IN ('web', 'email')));

-- +goose Down
DROP INDEX complaints_incomplete;
