package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// testScopeFailsClosed: every read or change of complaints
// under a context without a scope is refused; the system scope is asked
// for by name.
func testScopeFailsClosed(t *testing.T, s *store.Store) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	agent := MustUser(t, s, "agent@example.nl", auth.RoleAgent)
	c := MustComplaint(t, s, agent, Draft("Jan"), now)
	bare := context.Background()
	checks := map[string]error{}
	_, _, checks["ListComplaints"] = s.ListComplaints(bare, store.Filter{}, store.SortReceivedAsc, 10, nil)
	_, checks["CountComplaints"] = s.CountComplaints(bare, store.Filter{})
	_, checks["SearchComplaints"] = s.SearchComplaints(bare, "Jan", store.Filter{}, 10)
	_, checks["Complaint"] = s.Complaint(bare, c.Reference)
	_, checks["Timeline"] = s.Timeline(bare, c.ID)
	_, checks["ComplaintMessages"] = s.ComplaintMessages(bare, c.ID)
	_, checks["LatestComplainant"] = s.LatestComplainant(bare, c.Complainant.MemberNumber)
	_, checks["DuplicateCandidates"] = s.DuplicateCandidates(bare, c)
	_, checks["UpdateComplaint"] = s.UpdateComplaint(
		bare,
		c.Reference,
		func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			t.Error("a change ran without a scope")
			return c, nil, nil
		},
	)
	for name, err := range checks {
		if !errors.Is(err, store.ErrNoScope) {
			t.Errorf("%s without a scope: %v, want ErrNoScope", name, err)
		}
	}
	if _, err := s.Complaint(store.System(bare), c.Reference); err != nil {
		t.Errorf("with the system scope: %v", err)
	}
}
