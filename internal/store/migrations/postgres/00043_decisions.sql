-- What came of a complaint, as the reports need it (ISO 10002 7.2 and 8):
-- the profile's outcomes and labels, and per complaint its outcome, the
-- remedy asked and given, its labels (several) and what is learnt from it.
-- Kept beside the complaint, not in its row: the register's hot queries
-- stay as they were. A database that had a profile gets the default
-- outcomes as rows.

-- +goose Up
CREATE TABLE outcomes (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    reason   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outcomes (key, label_nl, label_en, position, reason)
    SELECT 'upheld', 'Gegrond', 'Upheld', 0, 0 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO outcomes (key, label_nl, label_en, position, reason)
    SELECT 'partly_upheld', 'Deels gegrond', 'Partly upheld', 1, 0 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO outcomes (key, label_nl, label_en, position, reason)
    SELECT 'not_upheld', 'Ongegrond', 'Not upheld', 2, 0 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO outcomes (key, label_nl, label_en, position, reason)
    SELECT 'resolved', 'Naar tevredenheid opgelost', 'Resolved to satisfaction', 3, 0 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO outcomes (key, label_nl, label_en, position, reason)
    SELECT 'withdrawn', 'Ingetrokken', 'Withdrawn', 4, 0 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO outcomes (key, label_nl, label_en, position, reason)
    SELECT 'not_handled', 'Niet in behandeling genomen', 'Not handled', 5, 1 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO outcomes (key, label_nl, label_en, position, reason)
    SELECT 'forwarded', 'Doorgestuurd', 'Forwarded', 6, 1 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
CREATE TABLE labels (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE complaint_decisions (
    complaint_id   BIGINT PRIMARY KEY REFERENCES complaints(id),
    outcome        TEXT NOT NULL DEFAULT '',
    outcome_reason TEXT NOT NULL DEFAULT '',
    remedy_asked   TEXT NOT NULL DEFAULT '',
    remedy_given   TEXT NOT NULL DEFAULT '',
    amount_cents   BIGINT NOT NULL DEFAULT 0,
    lesson         TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMPTZ NOT NULL,
    updated_by     BIGINT
);
CREATE INDEX complaint_decisions_outcome ON complaint_decisions (outcome);
CREATE TABLE complaint_labels (
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    label        TEXT NOT NULL,
    PRIMARY KEY (complaint_id, label)
);

-- +goose Down
DROP TABLE complaint_labels;
DROP TABLE complaint_decisions;
DROP TABLE labels;
DROP TABLE outcomes;
