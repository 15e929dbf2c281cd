package store

import (
	"context"
	"fmt"
)

// SQLite's text index (FTS5) is a set of b-trees, segments, one more with
// every commit that adds text; FTS5 merges them now and then, so a
// register built by many small commits holds a dozen or more. A search
// looks in every segment: for the 25 complaints of a page the snippets'
// query seeks each of them in each segment. Merged into one segment, a
// million complaints' phrase search fetched its page's snippets in 0.6 ms
// instead of 3 ms and counted its newest matches in 4 ms instead of 7 ms
// (SQLite's shell). PostgreSQL keeps its own text index (the GIN index's
// pending list is merged by VACUUM).

// textIndexSlice is how many pages of the text index one step of merging
// writes (FTS5 pages, about 4 kB): at a million complaints a step took
// 18 ms, at most 0.1 s, in SQLite's shell, so writes wait no longer.
const textIndexSlice = 200

// MergeTextIndex writes one slice of the merge of SQLite's text index into
// a single segment, in a write transaction of its own, and says whether
// there was anything to merge: call it again until there is not. On
// PostgreSQL there is nothing to do.
func (s *Store) MergeTextIndex(ctx context.Context) (more bool, err error) {
	if s.dialect != SQLite {
		return false, nil
	}
	err = s.inTx(ctx, func(c conn) error {
		// A merge that writes nothing changes at most one row (the
		// index's structure); FTS5 gives no other sign of it.
		var before, after int64
		if err := c.queryRow(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
			return err
		}
		// A negative number of pages merges every segment, whatever its
		// level, as 'optimize' does, but a slice at a time.
		if _, err := c.exec(ctx, `INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('merge', ?)`,
			-textIndexSlice); err != nil {
			return err
		}
		if err := c.queryRow(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
			return err
		}
		more = after-before >= 2
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("merge the text index: %w", err)
	}
	return more, nil
}

// MergeWholeTextIndex merges SQLite's text index into one segment, a slice
// at a time, and says how many slices it took; pause runs between slices
// (the writes waiting for the writer go first). It stops when ctx ends.
func (s *Store) MergeWholeTextIndex(ctx context.Context, pause func(context.Context)) (int, error) {
	n := 0
	for ctx.Err() == nil {
		more, err := s.MergeTextIndex(ctx)
		if err != nil || !more {
			return n, err
		}
		n++
		if pause != nil {
			pause(ctx)
		}
	}
	return n, nil
}

// textIndexSegments is how many segments SQLite's text index has now.
func (s *Store) textIndexSegments(ctx context.Context) (int, error) {
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(DISTINCT segid) FROM complaints_fts_idx`).Scan(&n)
	return n, err
}
