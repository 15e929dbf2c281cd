-- Full-text search over reference, name, description and messages (the
-- notes, e-mails and additions on the timeline), ranked, with snippets: the Dutch
-- text search configuration and a GIN index on the same expression the
-- queries use.

-- +goose Up
ALTER TABLE complaints ADD COLUMN messages TEXT NOT NULL DEFAULT '';
UPDATE complaints c SET messages = COALESCE((SELECT string_agg(e.data->>'text', ' ' ORDER BY e.id) FROM complaint_events e
    WHERE e.complaint_id = c.id AND e.kind IN ('note', 'email_received', 'email_sent', 'complainant_added') AND e.data ? 'text'), '');
CREATE INDEX complaints_search ON complaints
    USING GIN (to_tsvector('dutch', reference || ' ' || name || ' ' || description || ' ' || messages));
CREATE INDEX complaints_email ON complaints(email) WHERE email <> '';

-- +goose Down
DROP INDEX complaints_email;
DROP INDEX complaints_search;
ALTER TABLE complaints DROP COLUMN messages;
