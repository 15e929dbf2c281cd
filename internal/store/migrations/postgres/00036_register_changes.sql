-- What the reports count of a period that is over changes only when rows
-- of that period change: a complaint received then, a rating, an appeal,
-- a cancellation or a contact volume of then. register_changes counts the
-- changed rows by the day (UTC) of their date, whoever changes them,
-- so that figures computed once for an ended period stay valid for as
-- long as no row of that period changes (store/memo.go).
-- One statement adds its changed rows once, not a row at a time, so a
-- bulk import costs a grouped count.

-- +goose Up
CREATE TABLE register_changes (
    day   TEXT PRIMARY KEY,
    n     BIGINT NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION register_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text;
    rows_of text;
BEGIN
    FOREACH col IN ARRAY TG_ARGV LOOP
        FOREACH rows_of IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows']
            ELSE ARRAY['old_rows', 'new_rows'] END LOOP
            EXECUTE format('INSERT INTO register_changes (day, n)
                SELECT to_char(%1$s, ''YYYY-MM-DD''), COUNT(*) FROM %2$I WHERE %1$s IS NOT NULL GROUP BY 1
                ON CONFLICT (day) DO UPDATE SET n = register_changes.n + excluded.n', col, rows_of);
        END LOOP;
    END LOOP;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER complaints_changed_insert AFTER INSERT ON complaints REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(received_at AT TIME ZONE ''UTC'')');
CREATE TRIGGER complaints_changed_update AFTER UPDATE ON complaints REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(received_at AT TIME ZONE ''UTC'')');
CREATE TRIGGER complaints_changed_delete AFTER DELETE ON complaints REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(received_at AT TIME ZONE ''UTC'')');

CREATE TRIGGER ratings_changed_insert AFTER INSERT ON ratings REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(rated_at AT TIME ZONE ''UTC'')');
CREATE TRIGGER ratings_changed_update AFTER UPDATE ON ratings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(rated_at AT TIME ZONE ''UTC'')');
CREATE TRIGGER ratings_changed_delete AFTER DELETE ON ratings REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(rated_at AT TIME ZONE ''UTC'')');

CREATE TRIGGER appeals_changed_insert AFTER INSERT ON appeals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(filed_at AT TIME ZONE ''UTC'')', '(decided_at AT TIME ZONE ''UTC'')');
CREATE TRIGGER appeals_changed_update AFTER UPDATE ON appeals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(filed_at AT TIME ZONE ''UTC'')', '(decided_at AT TIME ZONE ''UTC'')');
CREATE TRIGGER appeals_changed_delete AFTER DELETE ON appeals REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('(filed_at AT TIME ZONE ''UTC'')', '(decided_at AT TIME ZONE ''UTC'')');

CREATE TRIGGER cancellations_changed_insert AFTER INSERT ON cancellations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('cancelled_on');
CREATE TRIGGER cancellations_changed_update AFTER UPDATE ON cancellations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('cancelled_on');
CREATE TRIGGER cancellations_changed_delete AFTER DELETE ON cancellations REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('cancelled_on');

CREATE TRIGGER contact_volumes_changed_insert AFTER INSERT ON contact_volumes REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('period_from');
CREATE TRIGGER contact_volumes_changed_update AFTER UPDATE ON contact_volumes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('period_from');
CREATE TRIGGER contact_volumes_changed_delete AFTER DELETE ON contact_volumes REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed('period_from');

-- A register that existed before counts its rows once, so that its
-- days are known from the start.
INSERT INTO register_changes (day, n)
SELECT day, SUM(n) FROM (
    SELECT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, COUNT(*) AS n FROM complaints GROUP BY 1
    UNION ALL SELECT to_char(rated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), COUNT(*) FROM ratings GROUP BY 1
    UNION ALL SELECT to_char(filed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), COUNT(*) FROM appeals GROUP BY 1
    UNION ALL SELECT to_char(cancelled_on, 'YYYY-MM-DD'), COUNT(*) FROM cancellations GROUP BY 1
    UNION ALL SELECT to_char(period_from, 'YYYY-MM-DD'), COUNT(*) FROM contact_volumes GROUP BY 1
) x GROUP BY day;

-- +goose Down
DROP TRIGGER complaints_changed_insert ON complaints;
DROP TRIGGER complaints_changed_update ON complaints;
DROP TRIGGER complaints_changed_delete ON complaints;
DROP TRIGGER ratings_changed_insert ON ratings;
DROP TRIGGER ratings_changed_update ON ratings;
DROP TRIGGER ratings_changed_delete ON ratings;
DROP TRIGGER appeals_changed_insert ON appeals;
DROP TRIGGER appeals_changed_update ON appeals;
DROP TRIGGER appeals_changed_delete ON appeals;
DROP TRIGGER cancellations_changed_insert ON cancellations;
DROP TRIGGER cancellations_changed_update ON cancellations;
DROP TRIGGER cancellations_changed_delete ON cancellations;
DROP TRIGGER contact_volumes_changed_insert ON contact_volumes;
DROP TRIGGER contact_volumes_changed_update ON contact_volumes;
DROP TRIGGER contact_volumes_changed_delete ON contact_volumes;
DROP FUNCTION register_changed();
DROP TABLE register_changes;
