package storetest

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// testPredicateParity runs every SQL twin of a domain rule (store's
// predicates.go) beside the rule itself on the same rows: open, overdue,
// breach, incomplete, handled within the term. The rows cover each side
// of each rule's edges.
func testPredicateParity(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "pariteit@example.nl", auth.RoleAgent)
	now := T0.AddDate(0, 0, 30)
	hour := time.Hour
	type state func(c *complaint.Complaint)
	states := map[string]state{
		"fresh":              func(c *complaint.Complaint) {},
		"overdue":            func(c *complaint.Complaint) { c.DueAt = now.Add(-hour) },
		"due exactly now":    func(c *complaint.Complaint) { c.DueAt = now },
		"overdue but paused": func(c *complaint.Complaint) { c.DueAt, c.PausedAt = now.Add(-hour), now.Add(-2*hour) },
		"overdue, notice valid": func(c *complaint.Complaint) {
			c.DueAt, c.DelayNoticeAt, c.ExpectedAt = now.Add(-hour), now.Add(-2*hour), now.Add(hour)
		},
		"overdue, notice expired": func(c *complaint.Complaint) {
			c.DueAt, c.DelayNoticeAt, c.ExpectedAt = now.Add(-hour), now.Add(-2*hour), now.Add(-hour)
		},
		"overdue, notice undated": func(c *complaint.Complaint) { c.DueAt, c.DelayNoticeAt = now.Add(-hour), now.Add(-2*hour) },
		"in progress, overdue":    func(c *complaint.Complaint) { c.Status, c.DueAt = complaint.InProgress, now.Add(-hour) },
		"handled in term": func(c *complaint.Complaint) {
			c.Status, c.HandledAt = complaint.Handled, c.DueAt.Add(-hour)
		},
		"handled on the last second": func(c *complaint.Complaint) {
			c.Status, c.HandledAt = complaint.Handled, c.DueAt
		},
		"handled late": func(c *complaint.Complaint) {
			c.Status, c.HandledAt, c.DueAt = complaint.Handled, now.Add(-hour), now.Add(-2*hour)
		},
		"closed, overdue once": func(c *complaint.Complaint) {
			c.Status, c.HandledAt, c.ClosedAt, c.DueAt = complaint.Closed, now.Add(-hour), now.Add(-hour), now.Add(-2*hour)
		},
		"no address":       func(c *complaint.Complaint) { c.Complainant.Address = "" },
		"no contact":       func(c *complaint.Complaint) { c.Complainant.Email, c.Complainant.Phone = "", "" },
		"phone only":       func(c *complaint.Complaint) { c.Complainant.Email, c.Complainant.Phone = "", "0201234567" },
		"concerns unknown": func(c *complaint.Complaint) { c.Concerns = complaint.ConcernsUnknown },
		"web, no taker":    func(c *complaint.Complaint) { c.Channel, c.TakenByID = complaint.ChannelWeb, 0 },
		"phone, no taker":  func(c *complaint.Complaint) { c.TakenByID = 0 },
	}
	var rows []complaint.Complaint
	n := 0
	for name, apply := range states {
		n++
		d := Draft("Lid" + strconv.Itoa(n))
		d.Description = name
		c := MustComplaint(t, s, u, d, T0)
		c, err := s.UpdateComplaint(
			ctx,
			c.Reference,
			func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
				apply(&c)
				return c, []complaint.Event{
					{At: T0, ActorID: u.ID, Kind: complaint.EventNote, Data: map[string]any{"text": name}},
				}, nil
			},
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "web, no taker" || name == "phone, no taker" {
			// Who took a complaint is fixed at registration; the row is
			// changed where it lives.
			if err := Exec(t, s, `UPDATE complaints SET taken_by = NULL WHERE id = ?`, c.ID); err != nil {
				t.Fatal(err)
			}
			c.TakenByID = 0
		}
		rows = append(rows, c)
	}
	want := func(rule func(complaint.Complaint) bool) []string {
		var out []string
		for _, c := range rows {
			if rule(c) {
				out = append(out, c.Reference)
			}
		}
		slices.Sort(out)
		return out
	}
	got := func(f store.Filter) []string {
		list, _, err := s.ListComplaints(ctx, f, store.SortReceivedAsc, store.MaxLimit, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range list {
			out = append(out, c.Reference)
		}
		slices.Sort(out)
		return out
	}
	var open []complaint.Status
	for _, st := range complaint.Statuses {
		if st.Open() {
			open = append(open, st)
		}
	}
	for _, c := range []struct {
		name string
		sql  store.Filter
		rule func(complaint.Complaint) bool
	}{
		{"open", store.Filter{Statuses: open}, func(c complaint.Complaint) bool { return c.Status.Open() }},
		{"overdue", store.Filter{Overdue: true, Now: now}, func(c complaint.Complaint) bool { return c.Overdue(now) }},
		{"breach", store.Filter{Breach: true, Now: now}, func(c complaint.Complaint) bool { return c.Breach(now) }},
		{"incomplete", store.Filter{Incomplete: true}, func(c complaint.Complaint) bool { return len(c.Missing()) > 0 }},
	} {
		w, g := want(c.rule), got(c.sql)
		if !slices.Equal(w, g) {
			t.Errorf("%s: the SQL finds %v, the rule %v", c.name, g, w)
		}
		if len(w) == 0 || len(w) == len(rows) {
			t.Errorf("%s: the rows do not reach both sides of the rule (%d of %d)", c.name, len(w), len(rows))
		}
	}
	figures, err := s.Figures(ctx, T0.Add(-24*hour), now)
	if err != nil {
		t.Fatal(err)
	}
	if w := len(want(complaint.Complaint.HandledInTerm)); figures.WithinTerm != w {
		t.Errorf("handled within the term: the SQL counts %d, the rule %d", figures.WithinTerm, w)
	}
	loads, err := s.Workloads(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	var overdue, breach int
	for _, l := range loads {
		overdue, breach = overdue+l.Overdue, breach+l.Breach
	}
	if w := len(want(func(c complaint.Complaint) bool { return c.Overdue(now) })); overdue != w {
		t.Errorf("dashboard overdue: the SQL counts %d, the rule %d", overdue, w)
	}
	if w := len(want(func(c complaint.Complaint) bool { return c.Breach(now) })); breach != w {
		t.Errorf("dashboard breach: the SQL counts %d, the rule %d", breach, w)
	}
}
