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
// counts the changed rows of every table the reports read by month, in
// the database, whatever server or command changed them, so the sum of
// the months up to a period's end changes whenever anything the period's
// figures could count changes. A change elsewhere (this month's new
// complaints) leaves them be.

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

// changesUpTo is the count of changed rows dated before until (and up to a
// month after: months are counted in UTC, periods end in local time).
func (s *Store) changesUpTo(ctx context.Context, until time.Time) (int64, error) {
	var n int64
	month := until.UTC().AddDate(0, 0, 1).Format("2006-01")
	if err := s.analytics().queryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM register_changes WHERE month <= ?`, month).
		Scan(&n); err != nil {
		return 0, fmt.Errorf("register changes: %w", err)
	}
	return n, nil
}

// Remember returns into out what compute gave for key before, if nothing
// dated before until has changed since (until must be over at now);
// else it computes, keeps and returns it. A period not yet over is
// computed every time.
func Remember[T any](ctx context.Context, s *Store, key string, until, now time.Time, compute func() (T, error)) (T, error) {
	if now.Before(until) {
		return compute()
	}
	var zero T
	changes, err := s.changesUpTo(ctx, until)
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
