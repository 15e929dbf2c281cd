-- Full-text search over reference, name, description and messages (the
-- notes, e-mails and additions on the timeline), ranked, with snippets: the Dutch
-- text search configuration, the document stored and a GIN index on it.

-- +goose Up
ALTER TABLE complaints ADD COLUMN messages TEXT NOT NULL DEFAULT '';
UPDATE complaints c SET messages = COALESCE((SELECT string_agg(e.data->>'text', ' ' ORDER BY e.id) FROM complaint_events e
    WHERE e.complaint_id = c.id AND e.kind IN ('note', 'email_received', 'email_sent', 'complainant_added') AND e.data ? 'text'), '');
-- The document is stored, so ranking reads it instead of parsing the
-- text of every match again.
ALTER TABLE complaints ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('dutch', reference || ' ' || name || ' ' || description || ' ' || messages)) STORED;
CREATE INDEX complaints_search ON complaints USING GIN (search);
CREATE INDEX complaints_email ON complaints(email) WHERE email <> '';

-- +goose Down
DROP INDEX complaints_email;
DROP INDEX complaints_search;
ALTER TABLE complaints DROP COLUMN search;
ALTER TABLE complaints DROP COLUMN messages;
