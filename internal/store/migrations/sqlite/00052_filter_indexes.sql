-- The list filtered by team or channel, newest first, reads an index of
-- that column in the list's own order (the category has one since 00001).
-- Without one SQLite walked all complaints newest first, testing each:
-- after a storm of complaints of one kind, a list of another kind read
-- every one of them first. merged_into, the third column, lets the list's
-- count up to its bound read the index alone, instead of 10,000 rows of
-- the table (a team's page at a million complaints: p50 50 ms, the count
-- 29–35 ms of it, now 1–6 ms); the list sorts complaints received in the
-- same instant by id, which costs nothing. Not partial indexes (WHERE
-- merged_into IS NULL): on a register whose other indexes have statistics,
-- SQLite took such an index, without any yet, as the cheapest way to read
-- every complaint and sorted the whole register for the first page (4 s).

-- A member's and an address's complaints are read newest first too (the
-- duplicate suggestions take the newest 200 of each): a member with
-- thousands of complaints was sorted whole at every complaint page.

-- +goose Up
CREATE INDEX complaints_team_newest ON complaints(team, received_at, merged_into);
CREATE INDEX complaints_channel_newest ON complaints(channel, received_at, merged_into);
CREATE INDEX complaints_member_newest ON complaints(member_number, received_at) WHERE member_number <> '';
DROP INDEX complaints_member;
CREATE INDEX complaints_email_newest ON complaints(email, received_at) WHERE email <> '';
DROP INDEX complaints_email;

-- +goose Down
DROP INDEX complaints_channel_newest;
DROP INDEX complaints_team_newest;
CREATE INDEX complaints_email ON complaints(email) WHERE email <> '';
DROP INDEX complaints_email_newest;
CREATE INDEX complaints_member ON complaints(member_number) WHERE member_number <> '';
DROP INDEX complaints_member_newest;
