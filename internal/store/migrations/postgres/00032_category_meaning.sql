-- What a category means to the procedure is data on the category, not a
-- key in the code: whose complaints offer the do-not-call list, which the
-- data protection officer sees, which go to a campaign's head, where mail and complaints without a known
-- category go, and which contact volume a category's yearly rate is taken
-- against. Existing registers keep what the keys meant until now.

-- +goose Up
ALTER TABLE categories ADD COLUMN do_not_call INTEGER NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN privacy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN unclassified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN contact_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN campaign_head INTEGER NOT NULL DEFAULT 0;
UPDATE categories SET do_not_call = 1 WHERE key = 'telemarketing';
UPDATE categories SET privacy = 1 WHERE key = 'privacy';
UPDATE categories SET unclassified = 1 WHERE key = 'other';
UPDATE categories SET campaign_head = 1 WHERE key = 'campaign_content';
UPDATE categories SET contact_kind = 'telemarketing_calls' WHERE key = 'telemarketing';
UPDATE categories SET contact_kind = 'street_conversations' WHERE key = 'street_recruitment';

-- +goose Down
ALTER TABLE categories DROP COLUMN campaign_head;
ALTER TABLE categories DROP COLUMN contact_kind;
ALTER TABLE categories DROP COLUMN unclassified;
ALTER TABLE categories DROP COLUMN privacy;
ALTER TABLE categories DROP COLUMN do_not_call;
