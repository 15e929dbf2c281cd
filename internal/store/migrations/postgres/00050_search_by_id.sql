-- The text index learns which block of ids each complaint is in (ids
-- shifted right by 14: blocks of 16,384), as a second column. Search reads
-- the newest matches block by block; with the block a key of the index
-- beside the words, the index skips the words' postings outside the blocks
-- asked for, where a bitmap of the id range beside the words' index read
-- every posting of a common word at every range (13 ms for two common words
-- at a million complaints, against 1 ms). The old index served the words
-- alone; this one does too.

-- +goose Up
CREATE INDEX complaints_search_by_id ON complaints USING GIN (search, (ARRAY[id >> 14]));
DROP INDEX complaints_search;

-- +goose Down
CREATE INDEX complaints_search ON complaints USING GIN (search);
DROP INDEX complaints_search_by_id;
