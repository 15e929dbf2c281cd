package store

import "context"

// SetSearchWindow shrinks the search's window and first range, so a test
// register of a few thousand complaints walks several ranges; the returned
// func restores them.
func SetSearchWindow(window, span int) (restore func()) {
	w, s := rankWindow, searchSpan
	rankWindow, searchSpan = window, span
	return func() { rankWindow, searchSpan = w, s }
}

// AnalyticsInRecovery reports whether search and report reads are served by
// a database in recovery: a streaming replica.
func AnalyticsInRecovery(s *Store) (bool, error) {
	var in bool
	err := s.analytics().queryRow(context.Background(), `SELECT pg_is_in_recovery()`).Scan(&in)
	return in, err
}

// FTSQuery is the FTS5 query SQLite's search makes of what was typed.
func FTSQuery(q string) string { return ftsQuery(q) }

// TextIndexSegments is how many segments SQLite's text index has.
func TextIndexSegments(ctx context.Context, s *Store) (int, error) { return s.textIndexSegments(ctx) }
