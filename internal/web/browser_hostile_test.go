package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// hostile is what an attacker types into every field: script tags,
// attribute breakouts, a javascript: URL and a right-to-left override.
const hostile = `<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">'><svg/onload=window.__pwned=3> javascript:window.__pwned=4 ` +
	"\u202egpj.exe"

// TestBrowserHostileInputInert enters hostile text through the public
// form, the status page, the API's every text field, a user's name, a
// campaign's label and the yearly summary's editor, then opens every page
// that shows any of it. Each page must show the text as text: no dialog,
// no script run, no blocked inline script (a CSP violation would mean the
// escaping failed and only the policy stopped it), and no right-to-left
// override left to turn the page's text around.
func TestBrowserHostileInputInert(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	must := func(step string, res response, want int) response {
		t.Helper()
		if res.Status != want {
			t.Fatalf("%s = %d, want %d: %.300s", step, res.Status, want, res.Body)
		}
		return res
	}
	// The public form and the status page.
	pub := e.publicValues()
	pub.Set("complainant.name", hostile)
	pub.Set("complainant.city", hostile)
	pub.Set("description", hostile)
	loc := must("public form", e.publicPost("/klacht", pub, nil), http.StatusSeeOther).Header.Get("Location")
	status := strings.TrimSuffix(loc, "/received")
	must("status add", e.form(status+"/add", "", url.Values{"text": {hostile}}), http.StatusSeeOther)
	// Staff through the API: every text field of a complaint's life.
	body := validComplaint()
	body["description"] = hostile
	cp := body["complainant"].(map[string]any)
	cp["name"], cp["address"], cp["city"] = hostile, hostile, hostile
	c := e.mustCreate(body)
	path := "/api/v1/complaints/" + c.Reference
	must("note", e.api(http.MethodPost, path+"/notes", auth.RoleAgent, map[string]any{"text": hostile}), 201)
	must(
		"delay",
		e.api(
			http.MethodPost,
			path+"/delay-notice",
			auth.RoleAgent,
			map[string]any{"expected_at": "2026-04-30", "reason": hostile},
		),
		200,
	)
	must(
		"in progress",
		e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{"status": "in_progress", "note": hostile}),
		200,
	)
	must("handled", e.api(http.MethodPost, path+"/transitions", auth.RoleAgent, map[string]any{"status": "handled",
		"told": map[string]any{"via": "phone", "by": hostile, "summary": hostile, "satisfied": "no"}}), 200)
	var appeal struct{ ID int64 }
	must(
		"appeal",
		e.api(http.MethodPost, path+"/appeals", auth.RoleAgent, map[string]any{"grounds": hostile}),
		201,
	).JSON(t, &appeal)
	var cancel struct{ ID int64 }
	must(
		"cancellation",
		e.api(
			http.MethodPost,
			"/api/v1/cancellations",
			auth.RoleMembershipAdmin,
			map[string]any{"id": "h1", "member_number": "555",
				"name": hostile, "date": "2026-03-01", "reason": "other", "reason_text": hostile},
		),
		201,
	).JSON(t, &cancel)
	must(
		"user",
		e.api(
			http.MethodPost,
			"/api/v1/users",
			auth.RoleAdmin,
			map[string]any{"email": "h@example.nl", "name": hostile, "role": "agent"},
		),
		201,
	)
	if err := e.store.SaveCampaign(store.System(context.Background()), procedure.Campaign{Item: procedure.Item{Key: "hostile", Label: i18n.Label{NL: hostile, EN: hostile}}}, 0, t0); err != nil {
		t.Fatal(err)
	}
	e.srv.App.ReloadProfile()
	must(
		"annual text",
		e.api(
			http.MethodPut,
			"/api/v1/reports/annual/text",
			auth.RoleManager,
			map[string]any{"year": 2026, "lang": "nl", "text": hostile + "\n\n" + hostile},
		),
		200,
	)
	must(
		"publish",
		e.api(http.MethodPost, "/api/v1/reports/annual/publication?year=2026&lang=nl", auth.RoleManager, nil),
		200,
	)

	// Watch for anything running: dialogs, the flag, blocked inline code.
	var mu sync.Mutex
	var dialogs []string
	events := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, ev.Message)
			mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = 0; document.addEventListener('securitypolicyviolation', () => { window.__csp++; });`}); err != nil {
		t.Fatal(err)
	}
	visit := func(who, p string, shows bool) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+p), chromedp.WaitReady("body")); err != nil {
			t.Fatalf("%s %s: %v", who, p, err)
		}
		state, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[window.__pwned || 0, window.__csp || 0,
			document.body.innerText.includes('<script>window.__pwned=1</script>'), document.body.innerText.includes('\u202e'),
			document.querySelectorAll('a[href^="javascript:"], [onerror], [onload]').length]`))
		if err != nil {
			t.Fatalf("%s %s: %v", who, p, err)
		}
		if state[0] != float64(0) || state[1] != float64(0) || state[4] != float64(0) {
			t.Errorf(
				"%s %s: script ran %v, CSP blocked %v, live handlers or javascript: links %v",
				who,
				p,
				state[0],
				state[1],
				state[4],
			)
		}
		if shows && state[2] != true {
			t.Errorf("%s %s: the hostile text is not shown as text", who, p)
		}
		if state[3] != false {
			t.Errorf("%s %s: a right-to-left override is on the page", who, p)
		}
	}
	ref := "/complaints/" + c.Reference
	visit("complainant", status, false) // the status page shows the complainant no free text
	for _, step := range []struct {
		role  auth.Role
		pages []string
	}{
		{auth.RoleCoordinator, []string{"/complaints", "/complaints?q=" + url.QueryEscape("<script>"), ref, ref + "/edit", "/dashboard",
			"/cancellations/" + strconv.FormatInt(cancel.ID, 10), "/reports/quarterly?year=2026&quarter=1"}},
		{auth.RoleBoard, []string{"/appeals", "/appeals/" + strconv.FormatInt(appeal.ID, 10)}},
		{auth.RoleManager, []string{"/reports/annual?year=2026&lang=nl"}},
		{auth.RoleDPO, []string{"/audit", "/privacy/subjects?name=" + url.QueryEscape(hostile)}},
		{auth.RoleAdmin, []string{"/admin/users", "/admin/routes"}},
	} {
		signIn(t, ctx, e, string(step.role)+"-h@example.nl", hostile, step.role)
		for _, p := range step.pages {
			visit(string(step.role), p, true)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("f-email"))); err != nil {
			t.Fatal(err)
		}
	}
	visit("the public", "/annual/2026?lang=nl", true)
	shoot(t, ctx, "23-hostile-public-annual")
	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) > 0 {
		t.Errorf("dialogs opened: %q", dialogs)
	}
}
