-- The cancellation reasons (P6.5) and the offers (P6.4) become lists of
-- the profile, like the departments and channels: an organisation names
-- its own. A database that had the built-in lists keeps them as rows.

-- +goose Up
CREATE TABLE cancellation_reasons (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE cancellation_offers (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO cancellation_reasons (key, label_nl, label_en, position)
    SELECT 'moved', 'Verhuisd', 'Moved', 0 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_reasons (key, label_nl, label_en, position)
    SELECT 'financial', 'Financieel', 'Financial', 1 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_reasons (key, label_nl, label_en, position)
    SELECT 'disagrees_campaign', 'Oneens met een campagne', 'Disagrees with a campaign', 2
    WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_reasons (key, label_nl, label_en, position)
    SELECT 'contact_annoyance', 'Ergernis over contact of werving', 'Annoyed by contact or fundraising', 3
    WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_reasons (key, label_nl, label_en, position)
    SELECT 'privacy', 'Privacy', 'Privacy', 4 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_reasons (key, label_nl, label_en, position)
    SELECT 'deceased', 'Overleden', 'Deceased', 5 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_reasons (key, label_nl, label_en, position)
    SELECT 'unknown', 'Onbekend', 'Unknown', 6 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_reasons (key, label_nl, label_en, position)
    SELECT 'other', 'Anders', 'Other', 7 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_offers (key, label_nl, label_en, position)
    SELECT 'one_off_donation', 'Eenmalige gift', 'One-off donation', 0
    WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_offers (key, label_nl, label_en, position)
    SELECT 'volunteering', 'Vrijwilligerswerk', 'Volunteering', 1 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_offers (key, label_nl, label_en, position)
    SELECT 'newsletter_only', 'Alleen nieuwsbrief', 'Newsletter only', 2
    WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_offers (key, label_nl, label_en, position)
    SELECT 'petitions', 'Petities', 'Petitions', 3 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_offers (key, label_nl, label_en, position)
    SELECT 'reduced_fee', 'Lagere contributie', 'Reduced fee', 4 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');
INSERT INTO cancellation_offers (key, label_nl, label_en, position)
    SELECT 'other', 'Anders', 'Other', 5 WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'seeded');

-- +goose Down
DROP TABLE cancellation_offers;
DROP TABLE cancellation_reasons;
