package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

// TestBadBytesNeverServerErrors: NUL and bytes that are not
// UTF-8 in a JSON field, a form field, a query parameter or a search box
// answer 4xx naming the field, write nothing, and never 500 — on both
// databases (PostgreSQL refuses NUL in text).
func TestBadBytesNeverServerErrors(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		c := e.mustCreate(validComplaint())
		before := e.count()
		bad := map[string]string{"NUL": "a\x00b", "invalid UTF-8": "a\xff\xfeb", "lone surrogate bytes": "a\xed\xa0\x80b"}
		// JSON bodies: the bytes raw, and NUL as the escape \u0000.
		for name, v := range bad {
			for _, tc := range []struct{ method, path, body, field string }{
				{http.MethodPost, "/api/v1/complaints", strings.Replace(mustJSON(t, validComplaint()), "Ik word", v+"Ik word", 1), "description"},
				{http.MethodPost, "/api/v1/complaints", strings.Replace(mustJSON(t, validComplaint()), "Jan Jansen", v, 1), "complainant.name"},
				{http.MethodPatch, "/api/v1/complaints/" + c.Reference, `{"description":"` + v + `"}`, "description"},
				{http.MethodPost, "/api/v1/complaints/" + c.Reference + "/notes", `{"text":"` + v + `"}`, "text"},
				{http.MethodPost, "/api/v1/complaints/" + c.Reference + "/notes", `{"te` + v + `xt":"x"}`, ""},
			} {
				res := e.api(tc.method, tc.path, auth.RoleAgent, tc.body)
				if res.Status < 400 || res.Status > 499 ||
					(tc.field != "" && !strings.Contains(string(res.Body), `"field":"`+tc.field+`"`)) {
					t.Errorf("%s %s with %s: %d %s", tc.method, tc.path, name, res.Status, res.Body)
				}
			}
		}
		res := e.api(http.MethodPost, "/api/v1/complaints/"+c.Reference+"/notes", auth.RoleAgent, `{"text":"a\u0000b"}`)
		wantProblem(t, res, 422, "text")
		// Query parameters on every reading route, API and pages.
		for _, rt := range e.srv.Routes() {
			if rt.Method() != http.MethodGet || rt.Perm == auth.Public && !strings.HasPrefix(rt.Path(), "/api") {
				continue
			}
			path := strings.NewReplacer("{reference}", c.Reference, "{member_number}", "123456", "{id}", "1", "{year}", "2026",
				"{token}", "x", "{$}", "").Replace(rt.Path())
			for _, q := range []string{"q=%00", "q=%ff%fe", "status=%00", "since=%ff", "before=%00", "x=%zz", "%ff=1"} {
				var res response
				if rt.API {
					res = e.api(http.MethodGet, path+"?"+q, auth.RoleAdmin, nil)
				} else {
					res = e.page(path+"?"+q, auth.RoleCoordinator)
				}
				if res.Status >= 500 || res.Status == 200 {
					t.Errorf("GET %s?%s: %d", path, q, res.Status)
				}
			}
		}
		wantProblem(t, e.api(http.MethodGet, "/api/v1/complaints?q=%00", auth.RoleAgent, nil), 422, "q")
		wantProblem(t, e.api(http.MethodGet, "/api/v1/complaints?q=%ff%fe", auth.RoleAgent, nil), 422, "q")
		// Forms: staff, public, sign-in.
		for name, v := range bad {
			form := url.Values{"channel": {"phone"}, "category": {"telemarketing"}, "description": {v}, "name": {"Jan"}}
			if res := e.form("/complaints", auth.RoleAgent, form); res.Status < 400 || res.Status > 499 ||
				!strings.Contains(string(res.Body), "description") {
				t.Errorf("staff form with %s: %d", name, res.Status)
			}
			if res := e.form("/complaints/"+c.Reference+"/notes", auth.RoleAgent, url.Values{"text": {v}}); res.Status < 400 ||
				res.Status > 499 {
				t.Errorf("note form with %s: %d", name, res.Status)
			}
			if res := e.form("/klacht", "", url.Values{"description": {v}, "name": {"Jan"}, "email": {"jan@example.nl"}}); res.Status < 400 ||
				res.Status > 499 {
				t.Errorf("public form with %s: %d", name, res.Status)
			}
			if res := e.form("/login", "", url.Values{"email": {v}, "password": {"x"}}); res.Status < 400 || res.Status > 499 {
				t.Errorf("sign-in with %s: %d", name, res.Status)
			}
		}
		if e.count() != before {
			t.Errorf("bad input wrote %d complaints", e.count()-before)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := jsonMarshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var jsonMarshal = func(v any) ([]byte, error) { return json.Marshal(v) }
