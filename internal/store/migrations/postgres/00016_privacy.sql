-- Privacy (AVG/GDPR): the moment a complaint's or cancellation's personal
-- data was pseudonymised (retention, or a data subject's erasure), and the
-- one change the append-only timeline allows: an event's data replaced
-- by the pseudonymised marker.

-- +goose Up
ALTER TABLE complaints ADD COLUMN pseudonymised_at TIMESTAMPTZ;
ALTER TABLE cancellations ADD COLUMN pseudonymised_at TIMESTAMPTZ;
CREATE INDEX complaints_closed_kept ON complaints(closed_at) WHERE pseudonymised_at IS NULL AND closed_at IS NOT NULL;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.data = '{"pseudonymised": true}'::jsonb AND NEW.kind = OLD.kind AND NEW.at = OLD.at
        AND NEW.complaint_id = OLD.complaint_id AND NEW.id = OLD.id AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'complaint_events is append-only';
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'complaint_events is append-only';
END;
$$;
-- +goose StatementEnd
DROP INDEX complaints_closed_kept;
ALTER TABLE cancellations DROP COLUMN pseudonymised_at;
ALTER TABLE complaints DROP COLUMN pseudonymised_at;
