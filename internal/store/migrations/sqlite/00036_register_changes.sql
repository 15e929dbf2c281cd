-- What the reports count of a period that is over changes only when rows
-- of that period change: a complaint received then, a rating, an appeal,
-- a cancellation or a contact volume of then. register_changes counts the
-- changed rows by the day (UTC) of their date, whoever changes them,
-- so that figures computed once for an ended period stay valid for as
-- long as no row of that period changes (store/memo.go).
-- Stored times and dates begin with the day (YYYY-MM-DD).

-- +goose Up
CREATE TABLE register_changes (
    day   TEXT PRIMARY KEY,
    n     INTEGER NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER complaints_changed_insert AFTER INSERT ON complaints
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.received_at, 1, 10), 0 WHERE NEW.received_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.received_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER complaints_changed_update AFTER UPDATE ON complaints
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.received_at, 1, 10), 0 WHERE OLD.received_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.received_at, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.received_at, 1, 10), 0 WHERE NEW.received_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.received_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER complaints_changed_delete AFTER DELETE ON complaints
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.received_at, 1, 10), 0 WHERE OLD.received_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.received_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ratings_changed_insert AFTER INSERT ON ratings
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.rated_at, 1, 10), 0 WHERE NEW.rated_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.rated_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ratings_changed_update AFTER UPDATE ON ratings
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.rated_at, 1, 10), 0 WHERE OLD.rated_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.rated_at, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.rated_at, 1, 10), 0 WHERE NEW.rated_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.rated_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ratings_changed_delete AFTER DELETE ON ratings
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.rated_at, 1, 10), 0 WHERE OLD.rated_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.rated_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER appeals_changed_insert AFTER INSERT ON appeals
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.filed_at, 1, 10), 0 WHERE NEW.filed_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.filed_at, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.decided_at, 1, 10), 0 WHERE NEW.decided_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.decided_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER appeals_changed_update AFTER UPDATE ON appeals
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.filed_at, 1, 10), 0 WHERE OLD.filed_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.filed_at, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.decided_at, 1, 10), 0 WHERE OLD.decided_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.decided_at, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.filed_at, 1, 10), 0 WHERE NEW.filed_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.filed_at, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.decided_at, 1, 10), 0 WHERE NEW.decided_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.decided_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER appeals_changed_delete AFTER DELETE ON appeals
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.filed_at, 1, 10), 0 WHERE OLD.filed_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.filed_at, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.decided_at, 1, 10), 0 WHERE OLD.decided_at IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.decided_at, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cancellations_changed_insert AFTER INSERT ON cancellations
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.cancelled_on, 1, 10), 0 WHERE NEW.cancelled_on IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.cancelled_on, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cancellations_changed_update AFTER UPDATE ON cancellations
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.cancelled_on, 1, 10), 0 WHERE OLD.cancelled_on IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.cancelled_on, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.cancelled_on, 1, 10), 0 WHERE NEW.cancelled_on IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.cancelled_on, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER cancellations_changed_delete AFTER DELETE ON cancellations
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.cancelled_on, 1, 10), 0 WHERE OLD.cancelled_on IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.cancelled_on, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER contact_volumes_changed_insert AFTER INSERT ON contact_volumes
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.period_from, 1, 10), 0 WHERE NEW.period_from IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.period_from, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER contact_volumes_changed_update AFTER UPDATE ON contact_volumes
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.period_from, 1, 10), 0 WHERE OLD.period_from IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.period_from, 1, 10);
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(NEW.period_from, 1, 10), 0 WHERE NEW.period_from IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(NEW.period_from, 1, 10);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER contact_volumes_changed_delete AFTER DELETE ON contact_volumes
BEGIN
    INSERT OR IGNORE INTO register_changes (day, n) SELECT substr(OLD.period_from, 1, 10), 0 WHERE OLD.period_from IS NOT NULL;
    UPDATE register_changes SET n = n + 1 WHERE day = substr(OLD.period_from, 1, 10);
END;
-- +goose StatementEnd

-- A register that existed before counts its rows once, so that its
-- days are known from the start.
INSERT INTO register_changes (day, n)
SELECT day, SUM(n) FROM (
    SELECT substr(received_at, 1, 10) AS day, COUNT(*) AS n FROM complaints GROUP BY 1
    UNION ALL SELECT substr(rated_at, 1, 10), COUNT(*) FROM ratings GROUP BY 1
    UNION ALL SELECT substr(filed_at, 1, 10), COUNT(*) FROM appeals GROUP BY 1
    UNION ALL SELECT substr(cancelled_on, 1, 10), COUNT(*) FROM cancellations GROUP BY 1
    UNION ALL SELECT substr(period_from, 1, 10), COUNT(*) FROM contact_volumes GROUP BY 1
) GROUP BY day;

-- +goose Down
DROP TRIGGER complaints_changed_insert;
DROP TRIGGER complaints_changed_update;
DROP TRIGGER complaints_changed_delete;
DROP TRIGGER ratings_changed_insert;
DROP TRIGGER ratings_changed_update;
DROP TRIGGER ratings_changed_delete;
DROP TRIGGER appeals_changed_insert;
DROP TRIGGER appeals_changed_update;
DROP TRIGGER appeals_changed_delete;
DROP TRIGGER cancellations_changed_insert;
DROP TRIGGER cancellations_changed_update;
DROP TRIGGER cancellations_changed_delete;
DROP TRIGGER contact_volumes_changed_insert;
DROP TRIGGER contact_volumes_changed_update;
DROP TRIGGER contact_volumes_changed_delete;
DROP TABLE register_changes;
