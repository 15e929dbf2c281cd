package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
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
		want := queryIDs(t, db, `SELECT id FROM (SELECT c.id, ts_rank(c.search, q) AS score
			FROM complaints c, websearch_to_tsquery('dutch', $1) q
			WHERE c.merged_into IS NULL AND c.search @@ q ORDER BY c.id DESC LIMIT $2) m
			ORDER BY score DESC, id DESC LIMIT $3`, q, window, page)
		hits, err := s.SearchComplaints(ctx, q, store.Filter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		got := hitIDs(hits)
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

// TestSearchWindowInTheIndexAlone: SQLite's search, which for the list as
// it comes read by someone who sees every complaint takes its window in
// the text index alone, gives the first page one query joining the
// register gives, with merged duplicates and complaints about the reader
// among the matches; with a filter or a narrower sight it joins.
func TestSearchWindowInTheIndexAlone(t *testing.T) {
	dsn := storetest.SQLiteDSN(t)
	s := storetest.OpenDSN(t, dsn)
	ctx := store.System(context.Background())
	p, err := s.LoadProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(ctx, s, p, seed.Options{Complaints: 3000, Seed: 7,
		End: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := s.CreateUser(ctx, auth.User{Email: "lotte@example.nl", Name: "Lotte", Role: auth.RoleCoordinator, Lang: "nl", Active: true},
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	reader := u.ID
	for _, stmt := range []string{
		`UPDATE complaints SET merged_into = id - 1, status = 'closed' WHERE id % 7 = 0`,
		fmt.Sprintf(`UPDATE complaints SET subject_user_id = %d WHERE id %% 11 = 0`, reader),
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	const window, page = 300, 40
	defer store.SetSearchWindow(window, window)()
	sees := store.WithScope(context.Background(), store.Scope{UserID: reader,
		Visibility: auth.Visibility{Rows: auth.AllRows, Contact: true}})
	for _, tc := range []struct {
		name string
		f    store.Filter
		cond string
	}{
		{"as it comes", store.Filter{}, ""},
		{"a channel", store.Filter{Channel: "phone"}, " AND c.channel = 'phone'"},
	} {
		for _, q := range []string{"incasso", "straatwerver station", `"twee keer"`} {
			want := queryIDs(t, db, `SELECT id FROM (SELECT c.id AS id, bm25(complaints_fts) AS score
				FROM complaints_fts JOIN complaints c ON c.id = complaints_fts.rowid
				WHERE c.merged_into IS NULL AND (c.subject_user_id IS NULL OR c.subject_user_id <> ?)`+tc.cond+`
				AND complaints_fts MATCH ? ORDER BY c.id DESC LIMIT ?) ORDER BY score, id DESC LIMIT ?`,
				reader, store.FTSQuery(q), window, page)
			hits, err := s.SearchComplaints(sees, q, tc.f, page)
			if err != nil {
				t.Fatal(err)
			}
			got := hitIDs(hits)
			for _, id := range got {
				if id%7 == 0 || id%11 == 0 {
					t.Errorf("%s, %q: found %d, merged away or about the reader", tc.name, q, id)
				}
			}
			if len(want) < 10 {
				t.Errorf("%s, %q: only %d matches; the test proves little", tc.name, q, len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, %q: first page\n got %v\nwant %v", tc.name, q, got, want)
			}
			// The list's count up to a bound, from the newest matches or
			// the register as a whole.
			var total int
			if err := db.QueryRow(`SELECT count(*) FROM complaints c WHERE c.merged_into IS NULL
				AND (c.subject_user_id IS NULL OR c.subject_user_id <> ?)`+tc.cond+`
				AND c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?)`,
				reader, store.FTSQuery(q)).Scan(&total); err != nil {
				t.Fatal(err)
			}
			f := tc.f
			f.Query = q
			for _, upTo := range []int{5, total - 1, total, total + 1} {
				if n, err := s.CountComplaintsUpTo(sees, f, upTo); err != nil || n != min(total, upTo+1) {
					t.Errorf("%s, %q: the list counts %d (%v) up to %d, one query %d", tc.name, q, n, err, upTo, total)
				}
			}
		}
	}
}

// queryIDs is the ids query gives.
func queryIDs(t *testing.T, db *sql.DB, query string, args ...any) []int64 {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// hitIDs is the ids of hits, in order.
func hitIDs(hits []store.Hit) []int64 {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}
