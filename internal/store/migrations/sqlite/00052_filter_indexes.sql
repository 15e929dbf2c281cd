-- The list filtered by team or channel, newest first, reads an index of
-- that column in the list's own order (the category has one since 00001;
-- SQLite's indexes end in the rowid, the list's second key). Without one
-- SQLite walked all complaints newest first, testing each: after a storm
-- of complaints of one kind, a list of another kind read every one of
-- them first.

-- +goose Up
CREATE INDEX complaints_team_newest ON complaints(team, received_at);
CREATE INDEX complaints_channel_newest ON complaints(channel, received_at);

-- +goose Down
DROP INDEX complaints_channel_newest;
DROP INDEX complaints_team_newest;
