package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

// fuzzBodies are the API's writing routes, each with the role that may use
// it; the fuzzer picks one and sends it anything.
var fuzzBodies = []struct {
	method, path string
	role         auth.Role
}{
	{"POST", "/api/v1/complaints", auth.RoleAgent},
	{"PATCH", "/api/v1/complaints/K-2026-00001", auth.RoleAgent},
	{"POST", "/api/v1/complaints/K-2026-00001/transitions", auth.RoleAgent},
	{"POST", "/api/v1/complaints/K-2026-00001/notes", auth.RoleAgent},
	{"POST", "/api/v1/complaints/K-2026-00001/assignment", auth.RoleCoordinator},
	{"POST", "/api/v1/complaints/K-2026-00001/delay-notice", auth.RoleAgent},
	{"POST", "/api/v1/complaints/K-2026-00001/appeals", auth.RoleAgent},
	{"POST", "/api/v1/cancellations", auth.RoleMembershipAdmin},
	{"POST", "/api/v1/contact-volumes", auth.RoleManager},
	{"PUT", "/api/v1/reports/annual/text", auth.RoleManager},
	{"POST", "/api/v1/subjects/erase", auth.RoleDPO},
	{"POST", "/api/v1/users", auth.RoleAdmin},
}

// FuzzAPIBodies sends arbitrary bodies to every writing route of the API:
// none may fail with a 5xx or a panic; bad input is always the client's
// problem, answered as one.
func FuzzAPIBodies(f *testing.F) {
	e := newEnv(f, sqliteOnly)
	e.mustCreate(validComplaint())
	for i := range fuzzBodies {
		for _, seed := range []string{`{}`, `{"status":"in_progress"}`, `{"text":"x","year":2026,"lang":"nl"}`, `{"email":"a@b.nl"}`,
			`{"team":"servicelijn"}`, `{"grounds":"<script>alert(1)</script>"}`, `{"from":"2026-01-01","to":"2027-01-01","kind":"donors","volume":1}`,
			`[`, `null`, `{"description":"` + strings.Repeat("é", 300) + `"}`} {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		rt := fuzzBodies[int(route)%len(fuzzBodies)]
		r := httptest.NewRequest(rt.method, rt.path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+e.tokens[rt.role])
		w := httptest.NewRecorder()
		e.srv.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %s with %q = %d %s", rt.method, rt.path, body, w.Code, w.Body)
		}
	})
}

// fuzzQueries are the API's reading routes that take query parameters.
var fuzzQueries = []struct {
	path string
	role auth.Role
}{
	{"/api/v1/complaints", auth.RoleCoordinator},
	{"/api/v1/reports/quarterly", auth.RoleManager},
	{"/api/v1/reports/annual", auth.RoleManager},
	{"/api/v1/reports/recurring", auth.RoleManager},
	{"/api/v1/contact-volumes", auth.RoleManager},
	{"/api/v1/audit", auth.RoleDPO},
	{"/api/v1/subjects", auth.RoleDPO},
	{"/api/v1/cancellations", auth.RoleMembershipAdmin},
	{"/api/v1/appeals", auth.RoleBoard},
}

// FuzzQueryParams sends arbitrary query strings to every reading route
// of the API: a bad parameter is a 4xx naming it, never a 5xx.
func FuzzQueryParams(f *testing.F) {
	e := newEnv(f, sqliteOnly)
	e.mustCreate(validComplaint())
	for i := range fuzzQueries {
		for _, seed := range []string{"", "limit=0", "limit=99999", "sort=-due_at&overdue=true", "cursor=%ff", "status=open,closed", "q=%25_!",
			"year=2026&quarter=1&format=xlsx", "year=1999", "lang=en&format=pdf", "from=2026-13-01", "before=-1", "email=a%00b", "received_from=x"} {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, route uint8, query string) {
		rt := fuzzQueries[int(route)%len(fuzzQueries)]
		r := httptest.NewRequest(http.MethodGet, rt.path, nil)
		r.URL.RawQuery = query
		r.Header.Set("Authorization", "Bearer "+e.tokens[rt.role])
		w := httptest.NewRecorder()
		e.srv.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("GET %s?%s = %d %s", rt.path, query, w.Code, w.Body)
		}
	})
}
