-- The text index learns two more things of each complaint, as columns of
-- its own beside the words:
--
-- - the block of ids it is in (ids shifted right by 14: blocks of 16,384).
--   Search reads the newest matches block by block; with the blocks a key
--   of the index beside the words, the index skips the words' postings
--   outside the blocks asked for, where a bitmap of the id range beside
--   the words' index read every posting of a common word at every range
--   (two common words at a million complaints: 13 ms a range, now 1 ms);
-- - the pairs of words that follow each other in its text
--   (search_pairs), so that a phrase finds the complaints holding it in
--   the index, instead of every complaint holding all its words being
--   read from the table to check their positions ("twee keer": 13,000
--   rows read for 4,800 matches). A pair stands for the phrase operator
--   on the same positions of the same document, so the pairs a phrase
--   needs are in a complaint exactly when the phrase is.
--
-- New entries wait in the index's pending list until it holds 256 kB
-- (PostgreSQL's default is 4 MB): every search reads the whole list, and
-- 4 MB of it, reached after some 8,000 new complaints, cost a search
-- 5–10 ms at each of its reads of the index.
--
-- The old index served the words alone; this one does too.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION search_pairs(doc tsvector) RETURNS tsvector
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
    SELECT COALESCE(array_to_tsvector(array_agg(a.lexeme || ' ' || b.lexeme)), ''::tsvector)
    FROM (SELECT d.lexeme, p FROM unnest(doc) d, unnest(d.positions) p) a
    JOIN (SELECT d.lexeme, p FROM unnest(doc) d, unnest(d.positions) p) b ON b.p = a.p + 1
$$;
-- +goose StatementEnd
CREATE INDEX complaints_search_by_id ON complaints USING GIN (search, search_pairs(search), (ARRAY[id >> 14]))
    WITH (gin_pending_list_limit = 256);
DROP INDEX complaints_search;

-- +goose Down
CREATE INDEX complaints_search ON complaints USING GIN (search);
DROP INDEX complaints_search_by_id;
DROP FUNCTION search_pairs(tsvector);
