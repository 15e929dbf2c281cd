package seed

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

func TestRun(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, err := s.LoadProfile(ctx)
			if err != nil {
				t.Fatal(err)
			}
			staff := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
			var heard []int
			got, err := Run(
				ctx,
				s,
				p,
				Options{
					Complaints: 12_345,
					End:        end,
					Seed:       1,
					StaffID:    staff.ID,
					Progress:   func(n int) { heard = append(heard, n) },
				},
			)
			if err != nil {
				t.Fatal(err)
			}
			if got.Complaints != 12_345 || got.Cancellations != 1234 || got.Appeals == 0 {
				t.Errorf("counts = %+v", got)
			}
			if len(heard) != 2 || heard[1] != 12_345 {
				t.Errorf("progress = %v", heard)
			}
			all, _ := s.CountComplaints(ctx, store.Filter{})
			old, _ := s.CountComplaints(ctx, store.Filter{ReceivedTo: end.AddDate(-4, 0, 0)})
			if all != 12_345 || old < 2000 || old > 3000 {
				t.Errorf("stored %d, %d of them in the first year", all, old)
			}
			// 2019's proportions: about half telemarketing.
			tm, _ := s.CountComplaints(ctx, store.Filter{Category: "telemarketing"})
			if share := float64(tm) / float64(all); share < 0.45 || share > 0.53 {
				t.Errorf("telemarketing share %.2f", share)
			}
			f, err := s.Figures(ctx, end.AddDate(0, -6, 0), end.AddDate(0, -3, 0))
			if err != nil {
				t.Fatal(err)
			}
			if f.Received == 0 || f.Handled < f.Received*9/10 || f.WithinTerm >= f.Handled || f.DelayNotices == 0 || f.Incomplete == 0 ||
				f.Cancellations == 0 ||
				f.OffersMade == 0 ||
				f.AppealsFiled == 0 {
				t.Errorf("figures of a seeded quarter: %+v", f)
			}
			// Every reference is numbered in its year, gapless.
			items, _, err := s.ListComplaints(
				ctx,
				store.Filter{Query: p.ReferencePrefix + "-2022-00001"},
				store.SortReceivedDesc,
				10,
				nil,
			)
			if err != nil || len(items) != 1 {
				t.Errorf("first reference of 2022: %d found, %v", len(items), err)
			}
		})
	}
}

func TestTextVaries(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	for range 1000 {
		txt := Text(r, "telemarketing", "nl")
		if strings.Contains(txt, "%") || strings.Contains(txt, "  ") {
			t.Fatalf("unfilled text %q", txt)
		}
		seen[txt] = true
	}
	if len(seen) < 500 {
		t.Errorf("only %d different texts in 1000", len(seen))
	}
	if en := Text(r, "privacy", "en"); !strings.ContainsAny(en, "IM") {
		t.Errorf("english text %q", en)
	}
}
