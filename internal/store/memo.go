package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// Figures of a period that is over are computed once and kept while the
// rows they count are unchanged: register_changes (migration 00036)
// counts the changed rows of every table the reports read by day, in
// the database, whatever server or command changed them, so the sum over
// a period's days changes whenever anything dated in the period changes.
// A change elsewhere (today's new complaints, the retention's
// pseudonymising of complaints years old) leaves them be. Figures that
// count rows of every period before (what was open at a period's end)
// are kept with the zero from: all days up to the period's end.

// memoSize bounds the figures kept: a few quarters and years of reports.
const memoSize = 64

type memoEntry struct {
	changes int64
	value   []byte // JSON: every caller gets a copy of its own
}

type memo struct {
	mu      sync.Mutex
	entries map[string]memoEntry
}

// changesIn is the count of changed rows dated in [from, until) (and a
// day either side: days are counted in UTC, periods end in local time);
// the zero from counts from the first day.
func (s *Store) changesIn(ctx context.Context, from, until time.Time) (int64, error) {
	var n int64
	first := ""
	if !from.IsZero() {
		first = from.UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	}
	last := until.UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	if err := s.analytics().queryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM register_changes WHERE day >= ? AND day <= ?`,
		first, last).Scan(&n); err != nil {
		return 0, fmt.Errorf("register changes: %w", err)
	}
	return n, nil
}

// Remember returns what compute gave for key before, if nothing dated in
// [from, until) has changed since (until must be over at now; the zero
// from: nothing before until); else it computes, keeps and returns it. A
// period not yet over is computed every time.
func Remember[T any](ctx context.Context, s *Store, key string, from, until, now time.Time,
	compute func() (T, error)) (T, error) {
	if now.Before(until) {
		return compute()
	}
	var zero T
	changes, err := s.changesIn(ctx, from, until)
	if err != nil {
		return zero, err
	}
	s.memo.mu.Lock()
	e, ok := s.memo.entries[key]
	s.memo.mu.Unlock()
	if ok && e.changes == changes {
		var out T
		if err := json.Unmarshal(e.value, &out); err == nil {
			return out, nil
		}
	}
	out, err := compute()
	if err != nil {
		return out, err
	}
	b, err := json.Marshal(out)
	if err != nil {
		return out, nil // kept only when it can be copied
	}
	s.memo.mu.Lock()
	defer s.memo.mu.Unlock()
	if s.memo.entries == nil || len(s.memo.entries) >= memoSize {
		s.memo.entries = map[string]memoEntry{}
	}
	s.memo.entries[key] = memoEntry{changes: changes, value: b}
	return out, nil
}
