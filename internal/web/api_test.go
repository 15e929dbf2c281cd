package web

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/web/api"
	"github.com/klacht/klacht/internal/web/kit"
)

func TestAPICreateAndGet(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		c := e.mustCreate(validComplaint())
		if !complaint.LooksLikeReference(c.Reference) || c.Reference != "K-2026-00001" {
			t.Errorf("reference = %q", c.Reference)
		}
		if c.Status != complaint.Registered {
			t.Errorf("status = %s", c.Status)
		}
		received := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		if !c.ReceivedAt.Equal(received) || !c.DueAt.Equal(received.AddDate(0, 0, 14)) {
			t.Errorf("received %v due %v; want due 14 days after received (P5.4)", c.ReceivedAt, c.DueAt)
		}
		if c.Complainant.Postcode != "1012 LG" || c.TakenBy == nil || c.TakenBy.Name != e.users[auth.RoleAgent].Name {
			t.Errorf("postcode %q, taken by %+v", c.Complainant.Postcode, c.TakenBy)
		}
		if len(c.Missing) != 0 {
			t.Errorf("missing = %v for a complete registration", c.Missing)
		}
		res := e.api(http.MethodGet, "/api/v1/complaints/"+c.Reference, auth.RoleManager, nil)
		var got api.ComplaintView
		res.JSON(t, &got)
		if res.Status != http.StatusOK || got.Reference != c.Reference || got.Description != c.Description {
			t.Errorf("get = %d %+v", res.Status, got)
		}
		// received_at defaults to now.
		body := validComplaint()
		delete(body, "received_at")
		if d := e.mustCreate(body); !d.ReceivedAt.Equal(e.clock.Now()) {
			t.Errorf("default received_at = %v, want now %v", d.ReceivedAt, e.clock.Now())
		}
		res = e.api(http.MethodGet, "/api/v1/complaints/K-2026-09999", auth.RoleAgent, nil)
		wantProblem(t, res, http.StatusNotFound, "")
	})
}

func TestAPIIdempotency(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		first := e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, validComplaint(), "Idempotency-Key", "call-42")
		again := e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, validComplaint(), "Idempotency-Key", "call-42")
		var a, b api.ComplaintView
		first.JSON(t, &a)
		again.JSON(t, &b)
		if first.Status != 201 || again.Status != 201 || a.Reference != b.Reference {
			t.Fatalf("retry = %d %s then %d %s", first.Status, a.Reference, again.Status, b.Reference)
		}
		if again.Header.Get("Idempotent-Replayed") != "true" {
			t.Error("replay not marked with Idempotent-Replayed")
		}
		other := validComplaint()
		other["description"] = "something else"
		res := e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, other, "Idempotency-Key", "call-42")
		wantProblem(t, res, http.StatusConflict, "")
		// Concurrent retries still make one complaint.
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, validComplaint(), "Idempotency-Key", "burst")
			}()
		}
		wg.Wait()
		if n := e.count(); n != 2 {
			t.Errorf("complaints = %d, want 2", n)
		}
	})
}

// wantProblem checks an RFC 9457 answer and, if field is set, its field.
func wantProblem(t *testing.T, res response, status int, field string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status = %d, want %d: %s", res.Status, status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type = %q, want application/problem+json", ct)
	}
	var p kit.Problem
	res.JSON(t, &p)
	if p.Status != status || p.Detail == "" || p.Type == "" || p.Title == "" {
		t.Errorf("problem = %+v", p)
	}
	if field != "" && p.Field != field {
		t.Errorf("problem field = %q, want %q (%s)", p.Field, field, res.Body)
	}
}

func TestAPIBadInputWritesNothing(t *testing.T) {
	with := func(mut func(m map[string]any)) map[string]any {
		m := validComplaint()
		mut(m)
		return m
	}
	complainant := func(key string, v any) func(m map[string]any) {
		return func(m map[string]any) { m["complainant"].(map[string]any)[key] = v }
	}
	cases := []struct {
		name   string
		body   any
		header []string
		status int
		field  string
	}{
		{"malformed JSON", `{"channel": "phone",`, nil, 422, ""},
		{"not JSON", `channel=phone`, nil, 422, ""},
		{"empty body", ``, nil, 422, ""},
		{"two values", `{"channel":"phone"} {}`, nil, 422, ""},
		{"array", `[]`, nil, 422, "body"},
		{"unknown field", with(func(m map[string]any) { m["priority"] = "high" }), nil, 422, "priority"},
		{"unknown channel", with(func(m map[string]any) { m["channel"] = "fax" }), nil, 422, "channel"},
		{"unknown category", with(func(m map[string]any) { m["category"] = "weather" }), nil, 422, "category"},
		{"unknown concerns", with(func(m map[string]any) { m["concerns"] = "everything" }), nil, 422, "concerns"},
		{"unknown department", with(func(m map[string]any) { m["department"] = "canteen" }), nil, 422, "department"},
		{"missing channel", with(func(m map[string]any) { delete(m, "channel") }), nil, 422, "channel"},
		{"missing category", with(func(m map[string]any) { delete(m, "category") }), nil, 422, "category"},
		{"missing description", with(func(m map[string]any) { delete(m, "description") }), nil, 422, "description"},
		{"blank description", with(func(m map[string]any) { m["description"] = "   " }), nil, 422, "description"},
		{"missing complainant", with(func(m map[string]any) { delete(m, "complainant") }), nil, 422, "complainant.name"},
		{"missing name", with(complainant("name", "")), nil, 422, "complainant.name"},
		{"bad e-mail", with(complainant("email", "jan@")), nil, 422, "complainant.email"},
		{"bad phone", with(complainant("phone", "call me")), nil, 422, "complainant.phone"},
		{"bad member number", with(complainant("member_number", "12 34;")), nil, 422, "complainant.member_number"},
		{"wrong type", with(func(m map[string]any) { m["description"] = 42 }), nil, 422, "description"},
		{"wrong nested type", with(complainant("name", true)), nil, 422, "complainant.name"},
		{"bad date", with(func(m map[string]any) { m["received_at"] = "yesterday" }), nil, 422, "received_at"},
		{"future date", with(func(m map[string]any) { m["received_at"] = "2027-01-01T00:00:00Z" }), nil, 422, "received_at"},
		{"bad language", with(func(m map[string]any) { m["language"] = "de" }), nil, 422, "language"},
		{
			"too long",
			with(func(m map[string]any) { m["description"] = strings.Repeat("x", complaint.MaxDescription+1) }),
			nil,
			422,
			"description",
		},
		{"oversize body", with(func(m map[string]any) { m["description"] = strings.Repeat("x", kit.MaxJSONBody) }), nil, 413, ""},
		{"wrong media type", validComplaint(), []string{"Content-Type", "text/plain"}, 415, ""},
		{"bad idempotency key", validComplaint(), []string{"Idempotency-Key", ""}, 422, "Idempotency-Key"},
	}
	eachDialect(t, func(t *testing.T, e *testEnv) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res := e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, tc.body, tc.header...)
				wantProblem(t, res, tc.status, tc.field)
			})
		}
		if n := e.count(); n != 0 {
			t.Errorf("bad requests wrote %d complaints", n)
		}
		// And nothing is half-written: a good create still gets number 1.
		if c := e.mustCreate(validComplaint()); c.Reference != "K-2026-00001" {
			t.Errorf("first good complaint = %s", c.Reference)
		}
	})
}

func TestAPIListFiltersAndPages(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		for i := range 7 {
			body := validComplaint()
			body["received_at"] = t0.AddDate(0, 0, -20+i).Format(time.RFC3339)
			if i == 3 {
				body["category"], body["channel"] = "privacy", "email"
			}
			e.mustCreate(body)
		}
		list := func(query string) ([]string, *string) {
			t.Helper()
			res := e.api(http.MethodGet, "/api/v1/complaints"+query, auth.RoleCoordinator, nil)
			if res.Status != 200 {
				t.Fatalf("list %s = %d %s", query, res.Status, res.Body)
			}
			var out struct {
				Items      []api.ComplaintView `json:"items"`
				NextCursor *string             `json:"next_cursor"`
			}
			res.JSON(t, &out)
			var refs []string
			for _, c := range out.Items {
				refs = append(refs, c.Reference)
			}
			return refs, out.NextCursor
		}
		ref := func(n int) string { return fmt.Sprintf("K-2026-%05d", n) }
		if got, _ := list("?category=privacy"); len(got) != 1 || got[0] != ref(4) {
			t.Errorf("category filter = %v", got)
		}
		if got, _ := list("?overdue=true&sort=received_at"); len(got) != 6 || got[0] != ref(1) {
			t.Errorf("overdue = %v", got)
		}
		if got, _ := list("?received_from=2026-02-12&received_to=2026-02-13&sort=received_at"); len(got) != 2 {
			t.Errorf("date range = %v", got)
		}
		var all []string
		query := "?limit=3&sort=due_at"
		for range 5 {
			page, next := list(query)
			all = append(all, page...)
			if next == nil {
				break
			}
			query = "?limit=3&sort=due_at&cursor=" + *next
		}
		if len(all) != 7 || all[0] != ref(1) || all[6] != ref(7) {
			t.Errorf("paged = %v", all)
		}
		for _, bad := range []struct{ query, field string }{
			{"?status=lost", "status"}, {"?category=weather", "category"}, {"?channel=fax", "channel"},
			{"?overdue=maybe", "overdue"}, {"?received_from=soon", "received_from"}, {"?sort=name", "sort"},
			{"?limit=0", "limit"}, {"?limit=201", "limit"}, {"?limit=x", "limit"}, {"?cursor=zzz", "cursor"},
			{"?assignee=someone", "assignee"},
		} {
			wantProblem(t, e.api(http.MethodGet, "/api/v1/complaints"+bad.query, auth.RoleAgent, nil), 422, bad.field)
		}
	})
}

func TestAPIChangesAndTimeline(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		c := e.mustCreate(validComplaint())
		path := "/api/v1/complaints/" + c.Reference
		res := e.api(
			http.MethodPatch,
			path,
			auth.RoleAgent,
			map[string]any{"category": "privacy", "complainant": map[string]any{"city": "Utrecht"}},
		)
		var got api.ComplaintView
		res.JSON(t, &got)
		if res.Status != 200 || got.Category != "privacy" || got.Complainant.City != "Utrecht" ||
			got.Complainant.Name != "Jan Jansen" {
			t.Fatalf("patch = %d %+v", res.Status, got)
		}
		wantProblem(t, e.api(http.MethodPatch, path, auth.RoleAgent, map[string]any{"channel": "fax"}), 422, "channel")
		wantProblem(t, e.api(http.MethodPatch, path, auth.RoleAgent, map[string]any{"status": "closed"}), 422, "status")

		// The lifecycle: skipping a step is refused with 409.
		wantProblem(
			t,
			e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{"status": "closed"}),
			409,
			"",
		)
		wantProblem(
			t,
			e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{"status": "lost"}),
			422,
			"status",
		)
		wantProblem(t, e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{}), 422, "status")
		// Handling needs how the complainant was told (P5.2).
		if res := e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{"status": "in_progress"}); res.Status != 200 {
			t.Fatalf("start = %d %s", res.Status, res.Body)
		}
		wantProblem(
			t,
			e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{"status": "handled"}),
			422,
			"told.via",
		)
		for _, to := range []string{"handled", "closed", "in_progress"} {
			body := map[string]any{"status": to, "note": "to " + to}
			if to == "handled" {
				body["told"] = map[string]any{"via": "phone", "summary": "Excuses gemaakt; nummer geblokkeerd.", "satisfied": "yes"}
			}
			res := e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, body)
			res.JSON(t, &got)
			if res.Status != 200 || string(got.Status) != to {
				t.Fatalf("transition to %s = %d %s", to, res.Status, res.Body)
			}
		}
		res = e.api(http.MethodPost, path+"/notes", auth.RoleAgent, map[string]any{"text": "Called back, apologised."})
		if res.Status != http.StatusCreated {
			t.Fatalf("note = %d %s", res.Status, res.Body)
		}
		wantProblem(t, e.api(http.MethodPost, path+"/notes", auth.RoleAgent, map[string]any{"text": " "}), 422, "text")
		res = e.api(http.MethodGet, path+"/timeline", auth.RoleAgent, nil)
		var tl struct {
			Items []complaint.Event `json:"items"`
		}
		res.JSON(t, &tl)
		var kinds []string
		for _, ev := range tl.Items {
			kinds = append(kinds, string(ev.Kind))
			if ev.ActorName == "" {
				t.Errorf("event %s without actor", ev.Kind)
			}
		}
		want := "registered updated status_changed status_changed status_changed status_changed note"
		if strings.Join(kinds, " ") != want {
			t.Errorf("timeline = %v, want %s", kinds, want)
		}
	})
}

func TestAPIAuth(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	wantProblem(t, e.api(http.MethodGet, "/api/v1/complaints", "", nil), 401, "")
	res := e.do(http.MethodGet, "/api/v1/complaints", "", nil, map[string]string{"Authorization": "Bearer klacht_wrong"})
	wantProblem(t, res, 401, "")
	if res.Header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	wantProblem(t, e.api(http.MethodPatch, "/api/v1/complaints/K-2026-00001", auth.RoleManager, map[string]any{}), 403, "")
	wantProblem(t, e.api(http.MethodGet, "/api/v1/nothing", auth.RoleAgent, nil), 404, "")
	res = e.api(http.MethodDelete, "/api/v1/complaints", auth.RoleAgent, nil)
	wantProblem(t, res, 405, "")
	if res.Header.Get("Allow") == "" {
		t.Error("405 without Allow")
	}
}
