package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

func refs(cs []complaint.Complaint) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Reference)
	}
	return out
}

func testList(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "kim@example.nl", auth.RoleAgent)
	// Seven complaints received a day apart; #3 is about privacy by e-mail,
	// #5 has moved to in progress.
	var all []complaint.Complaint
	for i := range 7 {
		d := Draft("List")
		d.ReceivedAt = T0.AddDate(0, 0, -20+i)
		if i == 2 {
			d.Category, d.Channel = "privacy", "email"
			d.Description = "Mijn gegevens zijn gedeeld 100% zonder toestemming"
		}
		all = append(all, MustComplaint(t, s, u, d, T0))
	}
	p := procedure.Default()
	_, err := s.UpdateComplaint(
		ctx,
		all[4].Reference,
		func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			next, ev, err := c.MoveTo(complaint.InProgress, "", u.ID, T0)
			return next, []complaint.Event{ev}, err
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	_ = p
	R := func(idx ...int) []string {
		out := []string{}
		for _, i := range idx {
			out = append(out, all[i].Reference)
		}
		return out
	}
	cases := []struct {
		name   string
		filter store.Filter
		sort   store.Sort
		want   []string
	}{
		{"newest first", store.Filter{}, store.SortReceivedDesc, R(6, 5, 4, 3, 2, 1, 0)},
		{"oldest first", store.Filter{}, store.SortReceivedAsc, R(0, 1, 2, 3, 4, 5, 6)},
		{"due soonest", store.Filter{}, store.SortDueAsc, R(0, 1, 2, 3, 4, 5, 6)},
		{"category", store.Filter{Category: "privacy"}, store.SortReceivedDesc, R(2)},
		{"channel", store.Filter{Channel: "phone"}, store.SortReceivedAsc, R(0, 1, 3, 4, 5, 6)},
		{"status", store.Filter{Statuses: []complaint.Status{complaint.InProgress}}, store.SortReceivedDesc, R(4)},
		// Received 20..14 days before T0: due 6 days before to exactly T0.
		{"overdue", store.Filter{Overdue: true, Now: T0}, store.SortReceivedAsc, R(0, 1, 2, 3, 4, 5)},
		{
			"received range",
			store.Filter{ReceivedFrom: T0.AddDate(0, 0, -18), ReceivedTo: T0.AddDate(0, 0, -16)},
			store.SortReceivedAsc,
			R(2, 3),
		},
		{"search word", store.Filter{Query: "gedeeld"}, store.SortReceivedAsc, R(2)},
		{"search is literal", store.Filter{Query: "100%"}, store.SortReceivedAsc, R(2)},
		{"search ignores case", store.Filter{Query: "MIJN"}, store.SortReceivedAsc, R(2)},
		{"search reference", store.Filter{Query: all[5].Reference}, store.SortReceivedAsc, R(5)},
		{"nothing", store.Filter{Category: "financial"}, store.SortReceivedAsc, R()},
		{"unassigned", store.Filter{Unassigned: true, Category: "privacy"}, store.SortReceivedAsc, R(2)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, next, err := s.ListComplaints(ctx, tc.filter, tc.sort, 50, nil)
			if err != nil {
				t.Fatal(err)
			}
			if next != nil {
				t.Errorf("next cursor on the only page")
			}
			if diff := cmp.Diff(tc.want, refs(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			n, err := s.CountComplaints(ctx, tc.filter)
			if err != nil || n != len(tc.want) {
				t.Errorf("count = %d, %v; want %d", n, err, len(tc.want))
			}
		})
	}

	t.Run("pages", func(t *testing.T) {
		for _, sort := range store.Sorts {
			var got []string
			var cur *store.Cursor
			for page := 0; ; page++ {
				items, next, err := s.ListComplaints(ctx, store.Filter{}, sort, 3, cur)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, refs(items)...)
				if next == nil {
					break
				}
				// The cursor survives its text form.
				if cur, err = store.ParseCursor(next.Encode(), sort); err != nil {
					t.Fatal(err)
				}
				if page > 5 {
					t.Fatal("paging does not end")
				}
			}
			whole, _, _ := s.ListComplaints(ctx, store.Filter{}, sort, 50, nil)
			if diff := cmp.Diff(refs(whole), got); diff != "" {
				t.Errorf("%s: pages differ from one list (-want +got):\n%s", sort, diff)
			}
		}
	})

	t.Run("bad input", func(t *testing.T) {
		_, _, err := s.ListComplaints(ctx, store.Filter{}, store.SortDueAsc, 0, nil)
		wantCode(t, err, fault.Invalid)
		_, _, err = s.ListComplaints(ctx, store.Filter{}, store.SortDueAsc, store.MaxLimit+1, nil)
		wantCode(t, err, fault.Invalid)
		_, err = store.ParseCursor("not-a-cursor", store.SortDueAsc)
		wantCode(t, err, fault.Invalid)
		good := store.Cursor{Sort: store.SortDueAsc, At: T0, ID: 3}.Encode()
		_, err = store.ParseCursor(good, store.SortReceivedDesc)
		wantCode(t, err, fault.Invalid)
		_, err = store.ParseSort("name")
		wantCode(t, err, fault.Invalid)
	})
}

// testIncomplete checks that the list's "incomplete" filter and the
// domain's Missing agree (P4.7).
func testIncomplete(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "nina@example.nl", auth.RoleAgent)
	drafts := map[string]func(*complaint.Draft){
		"complete":   func(*complaint.Draft) {},
		"noaddress":  func(d *complaint.Draft) { d.Complainant.Address = "" },
		"nocontact":  func(d *complaint.Draft) { d.Complainant.Email, d.Complainant.Phone = "", "" },
		"phoneonly":  func(d *complaint.Draft) { d.Complainant.Email, d.Complainant.Phone = "", "0201234567" },
		"noconcerns": func(d *complaint.Draft) { d.Concerns = "" },
		"web":        func(d *complaint.Draft) { d.Channel = "web" },
	}
	want := map[string]bool{}
	for name, mut := range drafts {
		d := Draft(name)
		mut(&d)
		takenBy := u
		if d.Channel == "web" {
			takenBy = auth.User{}
		}
		c := MustComplaint(t, s, takenBy, d, T0)
		want[c.Reference] = !c.Complete()
	}
	got, _, err := s.ListComplaints(ctx, store.Filter{Incomplete: true}, store.SortReceivedAsc, 50, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range got {
		seen[c.Reference] = true
		if c.Complete() {
			t.Errorf("%s is complete but listed as incomplete", c.Reference)
		}
	}
	for ref, incomplete := range want {
		if incomplete != seen[ref] {
			t.Errorf("%s: incomplete=%v, listed=%v", ref, incomplete, seen[ref])
		}
	}
}

func testLatestComplainant(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "lot@example.nl", auth.RoleAgent)
	old := Draft("Oud")
	old.Complainant.MemberNumber = "12345"
	MustComplaint(t, s, u, old, T0)
	moved := Draft("Nieuw")
	moved.Complainant.MemberNumber = "12345"
	moved.Complainant.City = "Utrecht"
	MustComplaint(t, s, u, moved, T0.Add(time.Minute))
	got, err := s.LatestComplainant(ctx, "12345")
	if err != nil || got.City != "Utrecht" || got.Name != "Nieuw" {
		t.Errorf("latest = %+v, %v", got, err)
	}
	_, err = s.LatestComplainant(ctx, "99999")
	wantCode(t, err, fault.NotFound)
}

func testBulk(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "max@example.nl", auth.RoleAgent)
	p := procedure.Default()
	var cs []complaint.Complaint
	for i := range 250 {
		d := Draft("Bulk")
		d.ReceivedAt = T0.Add(-time.Duration(i) * time.Hour)
		c, err := complaint.New(d, p, p.Terms(), u.ID, T0)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	year := func(complaint.Complaint) int { return 2026 }
	if err := s.BulkCreateComplaints(ctx, cs, "K", year); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountComplaints(ctx, store.Filter{}); n != 250 {
		t.Errorf("count = %d, want 250", n)
	}
	// A bounded count stops one past its bound, and is exact below it.
	for upTo, want := range map[int]int{100: 101, 249: 250, 250: 250, 1000: 250} {
		if n, err := s.CountComplaintsUpTo(ctx, store.Filter{}, upTo); err != nil || n != want {
			t.Errorf("count up to %d = %d, %v; want %d", upTo, n, err, want)
		}
	}
	if cs[249].Reference != "K-2026-00250" {
		t.Errorf("last reference = %s", cs[249].Reference)
	}
	// A failing batch writes nothing.
	bad := cs[:2]
	bad[1].Category = "no_such_category"
	if err := s.BulkCreateComplaints(ctx, bad, "K", year); err == nil {
		t.Fatal("bulk create with an unknown category succeeded")
	}
	if n, _ := s.CountComplaints(ctx, store.Filter{}); n != 250 {
		t.Errorf("count after failed batch = %d, want 250", n)
	}
}
