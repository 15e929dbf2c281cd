package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

// TestBadBytesOnTheLawfulComplaint: NUL and bytes that are not UTF-8 in
// the fields of the lawful complaint (outcome and lesson, measures, who the
// complaint is about, the hearing, parts, representatives, approval)
// answer 4xx naming the field, on both databases, and write nothing.
func TestBadBytesOnTheLawfulComplaint(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		e.form("/admin/terms", auth.RoleAdmin, termsForm(e, url.Values{"decisions": {"true"}, "hearing": {"true"},
			"approval": {"all"}}))
		c := e.mustCreate(validComplaint())
		path := "/complaints/" + c.Reference
		before := len(timeline(t, e, c.Reference))
		for name, v := range map[string]string{"NUL": "a\x00b", "invalid UTF-8": "a\xff\xfeb"} {
			for _, tc := range []struct{ method, path, body, field string }{
				{http.MethodPut, "/api/v1" + path + "/decision", `{"outcome":"upheld","lesson":"` + v + `"}`, "lesson"},
				{http.MethodPost, "/api/v1" + path + "/measures", `{"what":"` + v + `","owner_id":1,"due_at":"2026-04-01T10:00:00Z"}`, "what"},
				{http.MethodPut, "/api/v1" + path + "/subject", `{"kind":"agent","name":"` + v + `"}`, "name"},
				{http.MethodPost, "/api/v1" + path + "/hearings", `{"held_on":"2026-03-01T10:00:00Z","heard":"x","report":"` + v + `"}`, "report"},
				{http.MethodPost, "/api/v1" + path + "/parts", `{"what":"` + v + `","department":"campagnes","due_at":"2026-04-01T10:00:00Z"}`, "what"},
				{http.MethodPut, "/api/v1" + path + "/representative", `{"relation":"relative","contact":{"name":"` + v + `"}}`, "contact.name"},
				{http.MethodPost, "/api/v1" + path + "/approval", `{"action":"send_back","note":"` + v + `"}`, "note"},
			} {
				res := e.api(tc.method, tc.path, auth.RoleCoordinator, tc.body)
				if res.Status < 400 || res.Status > 499 || !strings.Contains(string(res.Body), `"field":"`+tc.field+`"`) {
					t.Errorf("%s %s with %s: %d %s", tc.method, tc.path, name, res.Status, res.Body)
				}
			}
			for _, tc := range []struct{ path, field string }{
				{"/decision", "lesson"}, {"/measures", "what"}, {"/subject", "subject.name"}, {"/hearing", "report"},
				{"/parts", "part.what"}, {"/representative", "representative.name"}, {"/approval", "approval_note"},
			} {
				res := e.form(path+tc.path, auth.RoleCoordinator, url.Values{tc.field: {v}})
				if res.Status < 400 || res.Status > 499 {
					t.Errorf("form %s with %s in %s: %d", tc.path, name, tc.field, res.Status)
				}
			}
		}
		if after := len(timeline(t, e, c.Reference)); after != before {
			t.Errorf("refused input wrote %d timeline entries", after-before)
		}
	})
}
