package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestSearchRangesRankAsOneQuery: PostgreSQL's search, which reads the
// newest matches range by range, gives the first page one query over the
// whole register gives (the newest window of matches, best first, newer
// first among equals), for a common word, two words and a phrase, on a
// seeded register whose ids are spread over six of the text index's
// blocks of ids (every thirtieth id), so that ranges start inside blocks
// and cross their edges, and a count up to a bound finds it in the newest
// blocks or reads on.
func TestSearchRangesRankAsOneQuery(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	s := storetest.OpenDSN(t, dsn)
	ctx := store.System(context.Background())
	p, err := s.LoadProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`ALTER TABLE complaints ALTER COLUMN id SET INCREMENT BY 30`); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(ctx, s, p, seed.Options{Complaints: 3000, Seed: 7,
		End: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	var top int64
	if err := db.QueryRow(`SELECT max(id) FROM complaints`).Scan(&top); err != nil || top < 5*16384 {
		t.Fatalf("the newest id is %d (%v); the register does not reach a sixth block", top, err)
	}
	const window, page = 300, 40
	// Ranges from the first (a short first range), the rest read by the
	// text index alone when few matches are left, and the whole register
	// at once (a first range longer than the register).
	for _, span := range []int{100, 1000, 5000, 20000, 50000} {
		t.Run(fmt.Sprint("span ", span), func(t *testing.T) {
			defer store.SetSearchWindow(window, span)()
			firstPageAsOneQuery(ctx, t, s, db, window, page)
		})
	}
}

func firstPageAsOneQuery(ctx context.Context, t *testing.T, s *store.Store, db *sql.DB, window, page int) {
	// Phrases are found through the index of word pairs: alone, beside a
	// word, with stop words inside, and with "or" (no pairs then).
	for _, q := range []string{"incasso", "straatwerver station", `"twee keer"`, "afgeschreven rekening", "gebeld",
		`"twee keer" afgeschreven`, `"twee keer van mijn rekening"`, `"magazine twee keer"`, `"twee keer" or incasso`} {
		rows, err := db.Query(`SELECT id FROM (SELECT c.id, ts_rank(c.search, q) AS score
			FROM complaints c, websearch_to_tsquery('dutch', $1) q
			WHERE c.merged_into IS NULL AND c.search @@ q ORDER BY c.id DESC LIMIT $2) m
			ORDER BY score DESC, id DESC LIMIT $3`, q, window, page)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			want = append(want, id)
		}
		rows.Close()
		hits, err := s.SearchComplaints(ctx, q, store.Filter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range hits {
			got = append(got, h.ID)
		}
		if len(want) < 10 {
			t.Errorf("%q: only %d matches in the seeded register; the test proves little", q, len(want))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: first page\n got %v\nwant %v", q, got, want)
		}
		// The list's count finds phrases through the word pairs too.
		var all int
		if err := db.QueryRow(`SELECT count(*) FROM complaints c, websearch_to_tsquery('dutch', $1) q
			WHERE c.merged_into IS NULL AND c.search @@ q`, q).Scan(&all); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CountComplaints(ctx, store.Filter{Query: q}); err != nil || n != all {
			t.Errorf("%q: the list counts %d (%v), one query %d", q, n, err, all)
		}
		for _, upTo := range []int{5, all - 1, all, all + 1} {
			if n, err := s.CountComplaintsUpTo(ctx, store.Filter{Query: q}, upTo); err != nil || n != min(all, upTo+1) {
				t.Errorf("%q: the list counts %d (%v) up to %d, one query %d", q, n, err, upTo, all)
			}
		}
	}
}
