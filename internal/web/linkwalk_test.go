package web

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/store"
)

// TestEveryLinkForEveryRole: signed in as each role, follow
// every link and GET form on every page reachable from the start page;
// none answers 4xx or 5xx, every export is the format it names, and every
// POST form's action is a route.
func TestEveryLinkForEveryRole(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	seedWalk(t, e)
	mux := http.NewServeMux()
	for _, rt := range e.srv.Routes() {
		mux.HandleFunc(rt.Pattern, func(http.ResponseWriter, *http.Request) {})
	}
	for _, role := range auth.Roles {
		t.Run(string(role), func(t *testing.T) { walkLinks(t, e, role, mux) })
	}
}

// seedWalk gives every page something to show: complaints of several
// kinds and states, an appeal, a pause, a do-not-call entry, a
// cancellation, mail in the intake log and the quarantine, and more audit
// entries than a page holds.
func seedWalk(t *testing.T, e *testEnv) {
	ctx := store.System(context.Background())
	tele := e.mustCreate(validComplaint())
	if res := e.api(http.MethodPost, "/api/v1/complaints/"+tele.Reference+"/do-not-call", auth.RoleAgent, nil); res.Status != 201 {
		t.Fatalf("do-not-call = %d %s", res.Status, res.Body)
	}
	body := validComplaint()
	body["category"] = "privacy"
	e.mustCreate(body)
	handled := e.mustCreate(validComplaint())
	tr := "/api/v1/complaints/" + handled.Reference + "/transitions"
	e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
	e.api(
		http.MethodPost,
		tr,
		auth.RoleAgent,
		map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Uitgelegd"}},
	)
	if res := e.api(http.MethodPost, "/api/v1/complaints/"+handled.Reference+"/appeals", auth.RoleAgent, map[string]any{"grounds": "Oneens"}); res.Status != 201 {
		t.Fatalf("appeal = %d %s", res.Status, res.Body)
	}
	paused := e.mustCreate(validComplaint())
	e.api(
		http.MethodPost,
		"/api/v1/complaints/"+paused.Reference+"/pause",
		auth.RoleAgent,
		map[string]any{"reason": "Welk nummer belde u?"},
	)
	if res := e.api(http.MethodPost, "/api/v1/cancellations", auth.RoleMembershipAdmin, map[string]any{
		"source": "crm", "id": "C1", "member_number": "555", "name": "Piet", "phone": "06-12345678", "date": "2026-03-01", "reason": "unknown",
	}); res.Status >= 300 {
		t.Fatalf("cancellation = %d %s", res.Status, res.Body)
	}
	for _, raw := range []string{"From: a@example.nl\r\nSubject: Blad\r\n\r\nGeen blad.\r\n", "geen e-mail"} {
		if err := e.srv.App.TakeMail(ctx, intake.Mail{Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	for range 120 {
		if err := e.store.Audit(ctx, audit.Entry{Action: "complaint.read", Object: tele.Reference}); err != nil {
			t.Fatal(err)
		}
	}
}

// walkLinks follows links breadth-first from the start page, as role.
func walkLinks(t *testing.T, e *testEnv, role auth.Role, mux *http.ServeMux) {
	cookie := map[string]string{"Cookie": "klacht_session=" + e.session(role)}
	from := map[string]string{"/": "(start)"}
	queue := []string{"/"}
	// A search shows more links (exports, the next page) than an empty one.
	for perm, start := range map[auth.Permission]string{auth.SubjectRights: "/privacy/subjects?email=jan%40example.nl", auth.AuditView: "/audit?action=complaint"} {
		if auth.Can(role, perm) {
			queue, from[start] = append(queue, start), "(start)"
		}
	}
	seen := map[string]bool{}
	for len(queue) > 0 && len(seen) < 250 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		res := e.do(http.MethodGet, u, "", nil, cookie)
		where := fmt.Sprintf("%s: GET %s (from %s)", role, u, from[u])
		// A form sent as it stands may be refused with an inline message
		// (a required field left empty); anything else is a broken link.
		inline := res.Status == http.StatusUnprocessableEntity && strings.HasSuffix(from[u], "(form)") &&
			strings.Contains(string(res.Body), `id="error-summary"`)
		if res.Status >= 400 && !inline {
			t.Errorf("%s = %d", where, res.Status)
			continue
		}
		add := func(next, via string) {
			next, ok := sameSite(u, next)
			if !ok || seen[next] || skipLink(next) {
				return
			}
			if _, known := from[next]; !known {
				from[next] = via
			}
			queue = append(queue, next)
		}
		if res.Status >= 300 {
			add(res.Header.Get("Location"), u+" (redirect)")
			continue
		}
		ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if format := formatOf(u); format != "" && !formatMatches(format, ct) {
			t.Errorf("%s: asks for %s, gets %s", where, format, ct)
		}
		if ct != "text/html" {
			continue
		}
		if key := rawKey.FindString(string(res.Body)); key != "" {
			t.Errorf("%s shows a message key instead of words: %q", where, key)
		}
		doc, err := html.Parse(strings.NewReader(string(res.Body)))
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "a":
				add(attr(n, "href"), u)
			case "form":
				action := attr(n, "action")
				if action == "" {
					action = u
				}
				if strings.EqualFold(attr(n, "method"), "post") {
					target, ok := sameSite(u, action)
					if !ok {
						continue
					}
					req, _ := http.NewRequest(http.MethodPost, target, nil)
					if _, pattern := mux.Handler(req); pattern == "" {
						t.Errorf("%s: a form posts to %s, which is no route", where, target)
					}
					continue
				}
				add(getForm(n, action), u+" (form)")
			}
		}
	}
	for _, want := range wantExports[role] {
		if !seen[want] {
			t.Errorf("%s: the walk never reached %s", role, want)
		}
	}
	if role == auth.RoleDPO {
		paged := false
		for u := range seen {
			paged = paged || (strings.HasPrefix(u, "/audit?") && strings.Contains(u, "before="))
		}
		if !paged {
			t.Error("dpo: the walk never reached the audit log's next page")
		}
	}
	if len(seen) < 10 {
		t.Errorf("%s reached only %d pages", role, len(seen))
	}
	t.Logf("%s: %d pages and downloads", role, len(seen))
}

// wantExports are downloads the walk must reach for a role, checked for
// their format on the way.
var wantExports = map[auth.Role][]string{
	auth.RoleDPO: {
		"/api/v1/subjects?email=jan%40example.nl&format=json",
		"/api/v1/subjects?email=jan%40example.nl&format=pdf&lang=nl",
		"/api/v1/audit?action=complaint&format=csv",
	},
	auth.RoleCoordinator: {"/do-not-call?format=csv"},
}

// rawKey finds a catalog key shown as text (a label or message the
// catalogs lack): ">f.with: …", "(err.x)".
var rawKey = regexp.MustCompile(`[>(]\s*(?:f|err|event|status|kind|nav|list)\.[a-z_]+(?:\.[a-z_]+)*\s*[<:)]`)

// sameSite resolves ref against the page at base; ok is false for other
// sites and for fragments of the same page.
func sameSite(base, ref string) (string, bool) {
	if ref == "" || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "mailto:") || strings.HasPrefix(ref, "tel:") {
		return "", false
	}
	b, _ := url.Parse("http://klacht.test" + base)
	r, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	abs := b.ResolveReference(r)
	if abs.Host != "klacht.test" {
		return "", false
	}
	abs.Fragment = ""
	return abs.RequestURI(), true
}

// skipLink leaves out what a walk must not follow: static files, and pages
// that end the session.
func skipLink(u string) bool {
	return strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "/logout")
}

// getForm is the address a GET form submits with its fields as they are.
func getForm(form *html.Node, action string) string {
	v := url.Values{}
	for n := range form.Descendants() {
		if n.Type != html.ElementNode || attr(n, "name") == "" || hasAttr(n, "disabled") {
			continue
		}
		name := attr(n, "name")
		switch n.Data {
		case "input":
			switch attr(n, "type") {
			case "checkbox", "radio":
				if hasAttr(n, "checked") {
					v.Add(name, attr(n, "value"))
				}
			case "submit", "button", "file":
			default:
				v.Add(name, attr(n, "value"))
			}
		case "select":
			first, chosen := "", ""
			for o := range n.Descendants() {
				if o.Type == html.ElementNode && o.Data == "option" {
					val := attr(o, "value")
					if first == "" {
						first = val
					}
					if hasAttr(o, "selected") {
						chosen = val
					}
				}
			}
			if chosen == "" {
				chosen = first
			}
			v.Add(name, chosen)
		case "textarea":
			if n.FirstChild != nil {
				v.Add(name, n.FirstChild.Data)
			} else {
				v.Add(name, "")
			}
		}
	}
	if strings.Contains(action, "?") {
		return action + "&" + v.Encode()
	}
	return action + "?" + v.Encode()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// formatOf is the format a link asks for: its format parameter, or the
// extension of its path.
func formatOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	if f := p.Query().Get("format"); f != "" {
		return f
	}
	for _, ext := range []string{"pdf", "csv", "xlsx", "json"} {
		if strings.HasSuffix(p.Path, "."+ext) {
			return ext
		}
	}
	return ""
}

func formatMatches(format, ct string) bool {
	want := map[string]string{"csv": "text/csv", "json": "application/json", "pdf": "application/pdf",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "html": "text/html", "text": "text/plain"}[format]
	return want == "" || ct == want
}
