-- Full-text search over reference, name, description and messages (the
-- notes, e-mails and additions on the timeline), ranked, with snippets: FTS5 kept
-- in step with the complaints by triggers.

-- +goose Up
ALTER TABLE complaints ADD COLUMN messages TEXT NOT NULL DEFAULT '';
UPDATE complaints SET messages = COALESCE((SELECT group_concat(json_extract(e.data, '$.text'), ' ') FROM complaint_events e
    WHERE e.complaint_id = complaints.id AND e.kind IN ('note', 'email_received', 'email_sent', 'complainant_added')
      AND json_extract(e.data, '$.text') IS NOT NULL), '');

CREATE VIRTUAL TABLE complaints_fts USING fts5(reference, name, description, messages,
    content='complaints', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO complaints_fts(complaints_fts) VALUES ('rebuild');
CREATE INDEX complaints_email ON complaints(email) WHERE email <> '';

-- +goose StatementBegin
CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaints_fts(rowid, reference, name, description, messages) VALUES (new.id, new.reference, new.name, new.description, new.messages);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER complaints_fts_update AFTER UPDATE OF reference, name, description, messages ON complaints BEGIN
    INSERT INTO complaints_fts(complaints_fts, rowid, reference, name, description, messages) VALUES ('delete', old.id, old.reference, old.name, old.description, old.messages);
    INSERT INTO complaints_fts(rowid, reference, name, description, messages) VALUES (new.id, new.reference, new.name, new.description, new.messages);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER complaints_fts_update;
DROP TRIGGER complaints_fts_insert;
DROP TABLE complaints_fts;
DROP INDEX complaints_email;
ALTER TABLE complaints DROP COLUMN messages;
