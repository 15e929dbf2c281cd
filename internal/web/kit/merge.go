package kit

import (
	"context"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/report"
)

// duplicates are the likely duplicates of c in the user's sight.
func (s *Core) Duplicates(ctx context.Context, c complaint.Complaint) ([]report.Duplicate, error) {
	if c.MergedInto != "" {
		return nil, nil
	}
	cands, err := s.Store.DuplicateCandidates(ctx, c)
	if err != nil {
		return nil, err
	}
	return report.Duplicates(c, cands), nil
}
