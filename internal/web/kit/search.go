package kit

import (
	"context"

	"github.com/klacht/klacht/internal/store"
)

// Search answers q best match first: complaints whose text matches, then,
// to fill the page, those whose complainant does (a name, a member
// number), newest first. ranked is how many the text search ranked
// (store.SearchRanked): the list's count of q is at least as many.
func (s *Core) Search(ctx context.Context, lq ListQuery) (_ []store.Hit, ranked int, _ error) {
	hits, ranked, err := s.Store.SearchRanked(ctx, lq.Filter.Query, lq.Filter, lq.Limit)
	if err != nil || len(hits) >= lq.Limit {
		return hits, ranked, err
	}
	more, _, err := s.Store.ListComplaints(ctx, lq.Filter, store.SortReceivedDesc, lq.Limit, nil)
	if err != nil {
		return nil, 0, err
	}
	seen := map[int64]bool{}
	for _, h := range hits {
		seen[h.ID] = true
	}
	for _, c := range more {
		if len(hits) == lq.Limit {
			break
		}
		if !seen[c.ID] {
			hits = append(hits, store.Hit{Complaint: c})
		}
	}
	return hits, ranked, nil
}
