package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// testDuplicateCandidates: the candidates are the newest 200 of the
// complaints within the window, not merged, other than the complaint
// itself, from the same member, the same address or of the same category,
// as the rule reads when written out here over every complaint.
func testDuplicateCandidates(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "dup@example.nl", auth.RoleAgent)
	categories := []string{"telemarketing", "privacy"}
	var all []complaint.Complaint
	for i := range 700 {
		d := Draft(fmt.Sprintf("dup%d", i))
		d.Category = categories[i%len(categories)]
		if i%7 == 0 {
			d.Category = "conduct" // rare: found by member or address alone
		}
		d.Complainant.MemberNumber = fmt.Sprintf("M%d", i%11)
		if i%5 == 0 {
			d.Complainant.MemberNumber = ""
		}
		d.Complainant.Email = fmt.Sprintf("p%d@example.nl", i%13)
		if i%4 == 0 {
			d.Complainant.Email = ""
			d.Complainant.Phone = "0201234567"
		}
		// Spread over 150 days, ids not in the order of receipt.
		d.ReceivedAt = T0.Add(-time.Duration((i*37)%150*24) * time.Hour)
		all = append(all, MustComplaint(t, s, u, d, T0))
	}
	merged, err := s.Merge(ctx, all[3].Reference, []string{all[6].Reference, all[9].Reference}, u.ID, T0)
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	for i := range all {
		if all[i], err = s.Complaint(ctx, all[i].Reference); err != nil {
			t.Fatal(err)
		}
	}
	want := func(c complaint.Complaint) []string {
		var in []complaint.Complaint
		for _, o := range all {
			if o.ID == c.ID || o.MergedInto != "" || o.ReceivedAt.Before(c.ReceivedAt.Add(-store.DuplicateWindow)) ||
				o.ReceivedAt.After(c.ReceivedAt.Add(store.DuplicateWindow)) {
				continue
			}
			member := c.Complainant.MemberNumber != "" && o.Complainant.MemberNumber == c.Complainant.MemberNumber
			email := c.Complainant.Email != "" && o.Complainant.Email == c.Complainant.Email
			if member || email || o.Category == c.Category {
				in = append(in, o)
			}
		}
		slices.SortFunc(in, func(a, b complaint.Complaint) int {
			if d := b.ReceivedAt.Compare(a.ReceivedAt); d != 0 {
				return d
			}
			return int(b.ID - a.ID)
		})
		return refs(in[:min(len(in), 200)])
	}
	for _, i := range []int{0, 1, 7, 14, 20, 42, 77, 100, 699} {
		c := all[i]
		if i == 0 {
			c = merged
		}
		got, err := s.DuplicateCandidates(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if w := want(c); !slices.Equal(refs(got), w) {
			t.Errorf("candidates of %s (%s, %q, %q): %d\n%v\nwant %d\n%v", c.Reference, c.Category,
				c.Complainant.MemberNumber, c.Complainant.Email, len(got), refs(got), len(w), w)
		}
	}
}
