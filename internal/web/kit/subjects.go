package kit

import (
	"context"
	"fmt"
	"net/url"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/store"
)

func SubjectQuery(v url.Values) store.SubjectQuery {
	return store.SubjectQuery{Email: v.Get("email"), MemberNumber: v.Get("member_number"), Name: v.Get("name"),
		Postcode: v.Get("postcode"), Address: v.Get("address")}
}

// findSubject finds a person's records, recording the search (not what
// was searched for: that is personal data itself).
func (s *Core) FindSubject(ctx context.Context, q store.SubjectQuery) (store.SubjectRecords, error) {
	recs, err := s.Store.FindSubject(store.Unscoped(ctx), q)
	if err != nil {
		return recs, err
	}
	err = s.App.Record(ctx, audit.Entry{At: s.Now(), Action: "privacy.search",
		Detail: fmt.Sprintf("%d complaints, %d cancellations", len(recs.Complaints), len(recs.Cancellations))})
	return recs, err
}

func (s *Core) Erase(ctx context.Context, q store.SubjectQuery) (int, error) {
	recs, err := s.FindSubject(ctx, q)
	if err != nil {
		return 0, err
	}
	if err := s.App.EraseSubject(ctx, recs); err != nil {
		return 0, err
	}
	return len(recs.Complaints) + len(recs.Cancellations), nil
}
