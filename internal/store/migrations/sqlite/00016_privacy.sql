-- Privacy (AVG/GDPR): the moment a complaint's or cancellation's personal
-- data was pseudonymised (retention, or a data subject's erasure), and the
-- one change the append-only timeline allows: an event's data replaced
-- by the pseudonymised marker.

-- +goose Up
ALTER TABLE complaints ADD COLUMN pseudonymised_at TEXT;
ALTER TABLE cancellations ADD COLUMN pseudonymised_at TEXT;
CREATE INDEX complaints_closed_kept ON complaints(closed_at) WHERE pseudonymised_at IS NULL AND closed_at IS NOT NULL;

DROP TRIGGER complaint_events_no_update;
-- +goose StatementBegin
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
WHEN NEW.data <> '{"pseudonymised":true}' OR NEW.kind IS NOT OLD.kind OR NEW.at IS NOT OLD.at
    OR NEW.complaint_id IS NOT OLD.complaint_id OR NEW.id IS NOT OLD.id OR NEW.actor_id IS NOT OLD.actor_id
BEGIN
    SELECT RAISE(ABORT, 'complaint_events is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER complaint_events_no_update;
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'complaint_events is append-only'); END;
DROP INDEX complaints_closed_kept;
ALTER TABLE cancellations DROP COLUMN pseudonymised_at;
ALTER TABLE complaints DROP COLUMN pseudonymised_at;
