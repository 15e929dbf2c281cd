package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestMergeTextIndex: merging SQLite's text index into one segment, a
// slice at a time, leaves every search's answer as it was (the hits in
// their order, their snippets, the count); on PostgreSQL there is nothing
// to merge.
func TestMergeTextIndex(t *testing.T) {
	queries := []string{"incasso", "straatwerver station", `"twee keer"`, "incasso -station", "rekening OR station"}
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			u := storetest.MustUser(t, s, "merge@example.nl", auth.RoleCoordinator)
			texts := []string{
				"Er is twee keer een incasso van mijn rekening afgeschreven.",
				"De straatwerver bij het station was opdringerig.",
				"Incasso na opzegging, en de straatwerver belde twee keer.",
				"Geen antwoord op mijn mail over de rekening.",
			}
			// Each create its own commit, each commit a segment of its own
			// until FTS5 merges some.
			for i := range 48 {
				d := storetest.Draft(fmt.Sprintf("Klager%d", i))
				d.Description = texts[i%len(texts)] + fmt.Sprintf(" Brief %d.", i)
				storetest.MustComplaint(t, s, u, d, storetest.T0)
			}
			answers := func() map[string]string {
				out := map[string]string{}
				for _, q := range queries {
					hits, err := s.SearchComplaints(ctx, q, store.Filter{}, 20)
					if err != nil {
						t.Fatalf("search %q: %v", q, err)
					}
					n, err := s.CountComplaintsUpTo(ctx, store.Filter{Query: q}, 10)
					if err != nil {
						t.Fatalf("count %q: %v", q, err)
					}
					a := fmt.Sprintf("count %d;", n)
					for _, h := range hits {
						a += " " + h.Reference + " " + h.Snippet
					}
					out[q] = a
				}
				return out
			}
			before := answers()
			if name != "sqlite" {
				if more, err := s.MergeTextIndex(ctx); err != nil || more {
					t.Fatalf("PostgreSQL merged its text index: %v, %v", more, err)
				}
				return
			}
			segments, err := store.TextIndexSegments(ctx, s)
			if err != nil || segments < 2 {
				t.Fatalf("the text index has %d segments (%v) before the merge; the test needs more", segments, err)
			}
			var paused int
			slices, err := s.MergeWholeTextIndex(ctx, func(context.Context) { paused++ })
			if err != nil || slices == 0 || paused != slices {
				t.Fatalf("merged in %d slices, paused %d times: %v", slices, paused, err)
			}
			if segments, err := store.TextIndexSegments(ctx, s); err != nil || segments != 1 {
				t.Fatalf("the text index has %d segments (%v) after the merge, want 1", segments, err)
			}
			if more, err := s.MergeTextIndex(ctx); err != nil || more {
				t.Errorf("a merged index merged again: %v, %v", more, err)
			}
			after := answers()
			for _, q := range queries {
				if before[q] != after[q] {
					t.Errorf("%q before the merge:\n%s\nafter:\n%s", q, before[q], after[q])
				}
			}
		})
	}
}
