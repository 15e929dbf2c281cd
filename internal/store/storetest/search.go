package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// testSearch: the full-text search finds complaints by description,
// reference and the text of notes and mails, best match first, with an
// escaped snippet that marks the match; the list's q finds by name too;
// pseudonymised text is found no more.
func testSearch(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "zoek@example.nl", auth.RoleAgent)
	mk := func(name, text string) complaint.Complaint {
		d := Draft(name)
		d.Description = text
		return MustComplaint(t, s, u, d, T0)
	}
	incasso := mk("Anna", "De incasso is twee keer afgeschreven van mijn rekening.")
	twice := mk("Bram", "Incasso, incasso en nog eens incasso: weer dubbel afgeschreven!")
	carla := mk("Carla", "De straatwerver bij het station was onbeleefd.")
	daan := mk("Daan", `<script>alert(1)</script> straatwerver`)
	if _, err := s.UpdateComplaint(ctx, incasso.Reference, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		note, err := complaint.NewNote("Teruggebeld: de bank heeft het bedrag teruggestort.", u.ID, T0)
		return c, []complaint.Event{note}, err
	}); err != nil {
		t.Fatal(err)
	}
	refs := func(hits []store.Hit) string {
		var out []string
		for _, h := range hits {
			out = append(out, h.Reference)
		}
		return strings.Join(out, " ")
	}
	hits, err := s.SearchComplaints(ctx, "incasso", store.Filter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if refs(hits) != twice.Reference+" "+incasso.Reference {
		t.Errorf("incasso ranks %s, want the one saying it three times first", refs(hits))
	}
	if !strings.Contains(hits[0].Snippet, "<mark>") {
		t.Errorf("snippet %q marks nothing", hits[0].Snippet)
	}
	if hits, _ := s.SearchComplaints(ctx, "teruggestort", store.Filter{}, 10); refs(hits) != incasso.Reference {
		t.Errorf("a note's text: %s", refs(hits))
	}
	if hits, _ := s.SearchComplaints(ctx, incasso.Reference, store.Filter{}, 10); refs(hits) != incasso.Reference {
		t.Errorf("by reference: %s", refs(hits))
	}
	hits, _ = s.SearchComplaints(ctx, "straatwerver", store.Filter{}, 10)
	for _, h := range hits {
		if strings.Contains(h.Snippet, "<script>") {
			t.Errorf("snippet not escaped: %q", h.Snippet)
		}
	}
	if len(hits) != 2 {
		t.Errorf("straatwerver found %d", len(hits))
	}
	// What people type into a search box reads the same on both
	// databases: a quoted phrase, "or", a word left out with "-".
	names := map[string]string{incasso.Reference: "Anna", twice.Reference: "Bram", carla.Reference: "Carla",
		daan.Reference: "Daan"}
	mine := func(hits []store.Hit) string {
		var out []string
		for _, h := range hits {
			if n, ok := names[h.Reference]; ok {
				out = append(out, n)
			}
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	for typed, want := range map[string]string{
		`"twee keer"`:                      "Anna",
		`"keer twee"`:                      "",
		`keer twee`:                        "Anna",
		`incasso -teruggestort`:            "Bram",
		`incasso -"twee keer"`:             "Bram",
		`straatwerver or teruggestort`:     "Anna Carla Daan",
		`"dubbel afgeschreven" or station`: "Bram Carla",
	} {
		hits, err := s.SearchComplaints(ctx, typed, store.Filter{}, 10)
		if got := mine(hits); err != nil || got != want {
			t.Errorf("search %s finds %q (%v), want %q", typed, got, err, want)
		}
		list, _, err := s.ListComplaints(ctx, store.Filter{Query: typed}, store.SortReceivedDesc, 10, nil)
		hits = hits[:0]
		for _, c := range list {
			hits = append(hits, store.Hit{Complaint: c})
		}
		if got := mine(hits); err != nil || got != want {
			t.Errorf("list q=%s finds %q (%v), want %q", typed, got, err, want)
		}
	}
	if hits, err := s.SearchComplaints(ctx, `" OR * NEAR( ""`, store.Filter{}, 10); err != nil || len(hits) != 0 {
		t.Errorf("search syntax = %d, %v", len(hits), err)
	}
	if hits, _ := s.SearchComplaints(ctx, "incasso", store.Filter{Category: "privacy"}, 10); len(hits) != 0 {
		t.Errorf("a filter beside the search: %d", len(hits))
	}
	// The list's q: text or who.
	list, _, err := s.ListComplaints(ctx, store.Filter{Query: "bram"}, store.SortReceivedDesc, 10, nil)
	if err != nil || len(list) != 1 || list[0].Reference != twice.Reference {
		t.Errorf("q by name = %d, %v", len(list), err)
	}
	if list, _, _ := s.ListComplaints(ctx, store.Filter{Query: "teruggestort"}, store.SortReceivedDesc, 10, nil); len(
		list,
	) != 1 {
		t.Errorf("q by a note = %d", len(list))
	}
	// Pseudonymised: the text is gone from the index too.
	if err := s.Pseudonymise(ctx, store.SubjectRecords{Complaints: []string{incasso.Reference}}, "erasure", T0); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.SearchComplaints(ctx, "teruggestort", store.Filter{}, 10); len(hits) != 0 {
		t.Errorf("an erased note is still found: %s", refs(hits))
	}
}
