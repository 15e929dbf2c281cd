package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store/storetest"
)

var sqliteOnly storetest.Opener = storetest.OpenSQLite

// Who may use each route, written out by hand so the test checks the
// permission matrix rather than repeating it. "public" routes are open to
// anyone; "all" means every signed-in role.
var routeAccess = map[string]string{
	"GET /login/unlock/{token}":            "public",
	"POST /login/unlock/{token}":           "public",
	"GET /healthz":                         "public",
	"GET /readyz":                          "public",
	"GET /metrics":                         "admin",
	"GET /api/v1/openapi.json":             "public",
	"GET /api/v1/exports/complaints":       "all",
	"GET /complaints/export":               "all",
	"POST /api/v1/calls":                   "all",
	"GET /api/v1/calls":                    "all",
	"GET /calls":                           "all",
	"POST /api/v1/imports/complaints":      "coordinator membership_admin admin",
	"GET /complaints/import":               "coordinator membership_admin admin",
	"POST /complaints/import":              "coordinator membership_admin admin",
	"GET /api/v1/webhooks":                 "admin",
	"POST /api/v1/webhooks":                "admin",
	"GET /api/v1/webhooks/{id}":            "admin",
	"PUT /api/v1/webhooks/{id}":            "admin",
	"DELETE /api/v1/webhooks/{id}":         "admin",
	"POST /api/v1/webhooks/{id}/secret":    "admin",
	"GET /api/v1/webhooks/{id}/deliveries": "admin",
	"POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/resend": "admin",
	"GET /admin/webhooks":                                       "admin",
	"POST /admin/webhooks":                                      "admin",
	"GET /admin/webhooks/{id}":                                  "admin",
	"POST /admin/webhooks/{id}":                                 "admin",
	"POST /admin/webhooks/{id}/delete":                          "admin",
	"POST /admin/webhooks/{id}/secret":                          "admin",
	"POST /admin/webhooks/{id}/deliveries/{delivery_id}/resend": "admin",
	"GET /api/v1/me":                                            "all",
	"GET /api/v1/profile":                                       "all",
	"POST /api/v1/complaints":                                   "all",
	"GET /api/v1/complaints":                                    "all",
	"GET /api/v1/complaints/{reference}":                        "all",
	"PATCH /api/v1/complaints/{reference}":                      "agent coordinator membership_admin admin",
	"PUT /api/v1/complaints/{reference}/representative":         "agent coordinator membership_admin admin",
	"DELETE /api/v1/complaints/{reference}/representative":      "agent coordinator membership_admin admin",
	"POST /complaints/{reference}/representative":               "agent coordinator membership_admin admin",
	"POST /api/v1/complaints/{reference}/transitions":           "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/notes":                 "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/assignment":            "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/forward":               "all",
	"GET /api/v1/complaints/{reference}/timeline":               "all",
	"GET /api/v1/complaints/{reference}/decision":               "all",
	"GET /api/v1/complainants/{member_number}":                  "all",
	"POST /api/v1/cancellations":                                "membership_admin admin",
	"POST /api/v1/cancellations/import":                         "membership_admin admin",
	"GET /api/v1/cancellations":                                 "agent coordinator membership_admin admin",
	"POST /api/v1/cancellations/{id}/calls":                     "agent coordinator membership_admin admin",
	"POST /api/v1/cancellations/{id}/conclusion":                "agent coordinator membership_admin admin",
	"POST /api/v1/cancellations/{id}/complaint":                 "agent coordinator membership_admin admin",
	"GET /cancellations":                                        "agent coordinator membership_admin admin",
	"GET /cancellations/import":                                 "membership_admin admin",
	"POST /cancellations/import":                                "membership_admin admin",
	"GET /cancellations/{id}":                                   "agent coordinator membership_admin admin",
	"POST /cancellations/{id}/call":                             "agent coordinator membership_admin admin",
	"POST /cancellations/{id}/conclude":                         "agent coordinator membership_admin admin",
	"POST /cancellations/{id}/complaint":                        "agent coordinator membership_admin admin",
	"POST /api/v1/complaints/{reference}/appeals":               "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /api/v1/appeals":                                       "coordinator membership_admin manager board admin",
	"POST /api/v1/appeals/{id}/decision":                        "board admin",
	"GET /appeals":                                              "coordinator membership_admin manager board admin",
	"GET /appeals/{id}":                                         "coordinator membership_admin manager board admin",
	"POST /appeals/{id}/decision":                               "board admin",
	"POST /complaints/{reference}/appeal":                       "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /api/v1/reports/quarterly":                             "coordinator membership_admin manager admin",
	"GET /api/v1/reports/recurring":                             "coordinator membership_admin manager admin",
	"GET /api/v1/reports/annual":                                "coordinator membership_admin manager admin",
	"GET /api/v1/contact-volumes":                               "coordinator membership_admin manager admin",
	"POST /api/v1/contact-volumes":                              "coordinator membership_admin manager admin",
	"POST /api/v1/contact-volumes/import":                       "coordinator membership_admin manager admin",
	"PUT /api/v1/reports/annual/text":                           "coordinator manager admin",
	"POST /api/v1/reports/annual/publication":                   "coordinator manager admin",
	"DELETE /api/v1/reports/annual/publication":                 "coordinator manager admin",
	"GET /annual/{year}":                                        "public",
	"GET /audit":                                                "dpo",
	"GET /privacy/subjects":                                     "dpo",
	"POST /privacy/subjects/erase":                              "dpo",
	"GET /api/v1/subjects":                                      "dpo",
	"POST /api/v1/subjects/erase":                               "dpo",
	"GET /api/v1/audit":                                         "dpo",
	"POST /reports/volumes/import":                              "coordinator membership_admin manager admin",
	"POST /reports/annual/text":                                 "coordinator manager admin",
	"POST /reports/annual/publication":                          "coordinator manager admin",
	"GET /reports/annual":                                       "coordinator membership_admin manager admin",
	"POST /reports/volumes":                                     "coordinator membership_admin manager admin",
	"GET /reports/quarterly.pdf":                                "coordinator membership_admin manager admin",
	"POST /reports/quarterly/sign":                              "coordinator membership_admin manager",
	"POST /reports/agenda":                                      "coordinator membership_admin manager admin",
	"POST /reports/agenda/{id}/conclusion":                      "coordinator membership_admin manager admin",
	"GET /reports/quarterly":                                    "coordinator membership_admin manager admin",
	"GET /api/v1/users":                                         "admin",
	"POST /api/v1/users":                                        "admin",
	"POST /complaints/{reference}/assign":                       "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/forward":                      "all",
	"POST /api/v1/complaints/{reference}/delay-notice":          "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /api/v1/dashboard":                                     "coordinator membership_admin manager admin",
	"GET /api/v1/complaints/{reference}/duplicates":             "all",
	"POST /api/v1/complaints/{reference}/experts":               "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /api/v1/complaints/{reference}/experts":                "all",
	"POST /complaints/{reference}/experts":                      "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /expert/{token}":                                       "public",
	"POST /expert/{token}":                                      "public",
	"POST /api/v1/complaints/{reference}/merge":                 "agent coordinator membership_admin admin",
	"GET /complaints/{reference}/merge":                         "agent coordinator membership_admin admin",
	"POST /complaints/{reference}/merge":                        "agent coordinator membership_admin admin",
	"POST /api/v1/complaints/{reference}/pause":                 "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/resume":                "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/pause":                        "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/decision":                     "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/parts":                        "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /api/v1/complaints/{reference}/parts":                  "all",
	"POST /api/v1/complaints/{reference}/parts":                 "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/parts/{id}/handle":     "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/parts/{id}/handle":            "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /parts": "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/approval":           "agent coordinator membership_admin campaign_lead dpo admin",
	"PUT /api/v1/complaints/{reference}/flags":               "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/approval":                  "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/flags":                     "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /approvals":                                         "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/subject":                   "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/hearing":                   "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/measures":                  "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/measures/{id}/done":        "all",
	"PUT /api/v1/complaints/{reference}/decision":            "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/measures":           "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/measures/{id}/done": "all",
	"GET /api/v1/complaints/{reference}/measures":            "all",
	"GET /api/v1/complaints/{reference}/subject":             "all",
	"PUT /api/v1/complaints/{reference}/subject":             "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/hearings":           "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /api/v1/complaints/{reference}/do-not-call":        "agent coordinator membership_admin campaign_lead dpo admin",
	"DELETE /api/v1/complaints/{reference}/do-not-call":      "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /api/v1/do-not-call":                                "coordinator membership_admin admin",
	"POST /complaints/{reference}/do-not-call":               "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /do-not-call":                                       "coordinator membership_admin admin",
	"GET /api/v1/notifications":                              "all",
	"POST /complaints/{reference}/delay":                     "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/handle":                    "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/reply":                     "agent coordinator membership_admin campaign_lead dpo admin",
	"GET /mail/intake":                                       "coordinator membership_admin admin",
	"GET /api/v1/mail/intake":                                "coordinator membership_admin admin",
	"GET /mail/quarantine":                                   "coordinator membership_admin admin",
	"GET /mail/quarantine/{id}/raw":                          "coordinator membership_admin admin",
	"POST /mail/quarantine/{id}/resolve":                     "coordinator membership_admin admin",
	"GET /dashboard":                                         "coordinator membership_admin manager admin",
	"GET /notifications":                                     "all",
	"POST /notifications/digest":                             "all",
	"GET /letters":                                           "agent coordinator membership_admin admin",
	"POST /letters/print":                                    "agent coordinator membership_admin admin",
	"GET /admin/templates":                                   "admin",
	"POST /admin/templates":                                  "admin",
	"GET /admin/routes":                                      "admin",
	"POST /admin/routes":                                     "admin",
	"POST /admin/campaigns":                                  "admin",
	"POST /admin/agencies":                                   "admin",
	"POST /admin/labels":                                     "admin",
	"POST /admin/profile":                                    "admin",
	"POST /admin/elsewhere":                                  "admin",
	"POST /admin/terms":                                      "admin",
	"GET /admin/users":                                       "admin",
	"POST /admin/users":                                      "admin",
	"GET /admin/users/{id}":                                  "admin",
	"POST /admin/users/{id}":                                 "admin",
	"POST /admin/users/{id}/password-link":                   "admin",
	"GET /klacht":                                            "public",
	"POST /klacht":                                           "public",
	"GET /en/complaint":                                      "public",
	"POST /en/complaint":                                     "public",
	"GET /status/{token}":                                    "public",
	"GET /status/{token}/received":                           "public",
	"POST /status/{token}/add":                               "public",
	"POST /status/{token}/appeal":                            "public",
	"GET /status/{token}/copy.pdf":                           "public",
	"POST /status/{token}/rating":                            "public",
	"GET /static/":                                           "public",
	"GET /{$}":                                               "public",
	"GET /login":                                             "public",
	"POST /login":                                            "public",
	"POST /logout":                                           "all",
	"GET /login/code":                                        "public",
	"GET /login/sso":                                         "public",
	"GET /login/sso/callback":                                "public",
	"POST /login/code":                                       "public",
	"GET /account/totp":                                      "all",
	"POST /account/totp":                                     "all",
	"POST /logout/everywhere":                                "all",
	"POST /lang":                                             "public",
	"GET /setup/{token}":                                     "public",
	"POST /setup/{token}":                                    "public",
	"GET /password/{token}":                                  "public",
	"POST /password/{token}":                                 "public",
	"GET /complaints":                                        "all",
	"GET /complaints/new":                                    "all",
	"POST /complaints":                                       "all",
	"GET /complaints/{reference}":                            "all",
	"GET /complaints/{reference}/attachments/{id}":           "all",
	"GET /complaints/{reference}/edit":                       "agent coordinator membership_admin admin",
	"POST /complaints/{reference}/edit":                      "agent coordinator membership_admin admin",
	"POST /complaints/{reference}/status":                    "agent coordinator membership_admin campaign_lead dpo admin",
	"POST /complaints/{reference}/notes":                     "agent coordinator membership_admin campaign_lead dpo admin",
}

func allowed(access string, r auth.Role) bool {
	switch access {
	case "public":
		return true
	case "all":
		return r != ""
	}
	for _, a := range strings.Fields(access) {
		if auth.Role(a) == r {
			return true
		}
	}
	return false
}

// TestRoleRouteMatrix walks every route with every role and with no one
// signed in, and checks the answer is allow or deny as the table says.
func TestRoleRouteMatrix(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	c := e.mustCreate(validComplaint())
	fill := strings.NewReplacer(
		"{reference}",
		c.Reference,
		"{member_number}",
		"123456",
		"{token}",
		"no-such-token",
		"{$}",
		"",
		"{id}",
		fmt.Sprint(e.users[auth.RoleAgent].ID),
	)
	seen := map[string]bool{}
	for _, rt := range e.srv.Routes() {
		access, ok := routeAccess[rt.Pattern]
		if !ok {
			t.Errorf("route %q is not in the access table; add it with its roles", rt.Pattern)
			continue
		}
		seen[rt.Pattern] = true
		path := fill.Replace(rt.Path())
		if path == "/static/" {
			path = "/static/klacht.css"
		}
		for _, role := range append([]auth.Role{""}, auth.Roles...) {
			name := string(role)
			if name == "" {
				name = "anonymous"
			}
			var res response
			switch {
			case rt.API && rt.Method() == http.MethodGet:
				res = e.api(rt.Method(), path, role, nil)
			case rt.API:
				res = e.api(rt.Method(), path, role, `{}`)
			case rt.Method() == http.MethodGet:
				res = e.page(path, role)
			default:
				res = e.form(path, role, url.Values{"lang": {"en"}})
			}
			denied := res.Status == 401 || res.Status == 403 ||
				(res.Status == 303 && strings.HasPrefix(res.Header.Get("Location"), "/login?"))
			if want := allowed(access, role); want == denied {
				t.Errorf("%s as %s: status %d, want allowed=%v", rt.Pattern, name, res.Status, want)
			}
			if denied && role != "" && res.Status != 403 {
				t.Errorf("%s as %s: denied with %d, want 403", rt.Pattern, name, res.Status)
			}
		}
	}
	for p := range routeAccess {
		if !seen[p] {
			t.Errorf("access table names %q, which is not a route", p)
		}
	}
}

// TestOpenAPIComplete checks that every API route is documented with its
// method, and that the document names no route that does not exist.
func TestOpenAPIComplete(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	res := e.api(http.MethodGet, "/api/v1/openapi.json", "", nil)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(res.Body, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("openapi.json: version %q, %v", doc.OpenAPI, err)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method != "parameters" {
				documented[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	served := map[string]bool{}
	for _, rt := range e.srv.Routes() {
		if !rt.API {
			continue
		}
		served[rt.Pattern] = true
		if !documented[rt.Pattern] {
			t.Errorf("route %s is not in openapi.json", rt.Pattern)
		}
	}
	for op := range documented {
		if !served[op] {
			t.Errorf("openapi.json documents %s, which is not served", op)
		}
	}
}
