package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestSearchRankedBoundsTheCount: the number of complaints a search ranked
// is every match within the filter, or the window when there are more,
// and the list's count of the same words is never below it; a page that
// counts up to fewer than were ranked may say "more than" without
// counting.
func TestSearchRankedBoundsTheCount(t *testing.T) {
	const window = 8
	defer store.SetSearchWindow(window, 16)()
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			u := storetest.MustUser(t, s, "ranked@example.nl", auth.RoleCoordinator)
			for i := range 30 {
				d := storetest.Draft(fmt.Sprintf("Ranked%d", i))
				d.Description = "Geen antwoord gekregen."
				if i%2 == 0 {
					d.Description = "De incasso is twee keer afgeschreven."
				}
				if i%5 == 0 {
					d.Category = "privacy"
					d.Description += " Mijn gegevens zijn gedeeld."
				}
				storetest.MustComplaint(t, s, u, d, storetest.T0)
			}
			for _, c := range []struct {
				q      string
				f      store.Filter
				ranked int // every match, or the window
			}{
				{"incasso", store.Filter{}, window},               // 15 matches
				{`"twee keer"`, store.Filter{}, window},           // 15
				{"gegevens", store.Filter{}, 6},                   // 6
				{"incasso", store.Filter{Category: "privacy"}, 3}, // 3 within the filter
				{"gegevens gedeeld", store.Filter{}, 6},
				{"nergens", store.Filter{}, 0},
			} {
				t.Run(c.q+" "+c.f.Category, func(t *testing.T) {
					hits, ranked, err := s.SearchRanked(ctx, c.q, c.f, 5)
					if err != nil {
						t.Fatal(err)
					}
					if ranked != c.ranked || len(hits) != min(5, c.ranked) {
						t.Errorf("ranked %d with %d hits, want %d with %d", ranked, len(hits), c.ranked, min(5, c.ranked))
					}
					f := c.f
					f.Query = c.q
					n, err := s.CountComplaintsUpTo(ctx, f, 1000)
					if err != nil || n < ranked {
						t.Errorf("the list counts %d (%v), fewer than the %d ranked", n, err, ranked)
					}
				})
			}
		})
	}
}
