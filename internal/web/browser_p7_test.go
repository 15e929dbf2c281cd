package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/notify/pdftest"
	"github.com/klacht/klacht/internal/store"
)

// TestBrowserSignEvaluation: the three reviewers of P7.1 sign the
// quarter's evaluation in the browser; the PDF's text holds the figures
// the page shows.
func TestBrowserSignEvaluation(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	for range 3 {
		e.mustCreate(validComplaint())
	}
	body := validComplaint()
	body["category"] = "privacy"
	e.mustCreate(body)
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	e.clock.Add(31 * 24 * time.Hour) // the quarter is over: it may be signed
	page := e.ts.URL + "/reports/quarterly?year=2026&quarter=1"
	for i, r := range []struct {
		email, name string
		role        auth.Role
	}{
		{"leden@example.nl", "Lotte Leden", auth.RoleMembershipAdmin},
		{"coord@example.nl", "Carla Coördinator", auth.RoleCoordinator},
		{"mehmet@example.nl", "Mehmet Manager", auth.RoleManager},
	} {
		signIn(t, ctx, e, r.email, r.name, r.role)
		must("open", chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("h-signoff"))))
		must("sign", chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("f-note"), "Akkoord"),
			chromedp.Click(chromedp.CSS(`form[action="/reports/quarterly/sign"] button`)),
			chromedp.WaitVisible(`//p[@class="notice" and contains(., "Afgetekend.")]`),
		))
		if i == 2 {
			shoot(t, ctx, "19-evaluation-signed")
		}
		must(
			"sign out",
			chromedp.Do(
				ctx,
				chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
				chromedp.WaitVisible(chromedp.ID("f-email")),
			),
		)
	}
	_, sigs, err := e.store.Evaluation(store.System(context.Background()), "2026-Q1")
	if err != nil || len(sigs) != 3 {
		t.Fatalf("signatures = %+v, %v", sigs, err)
	}
	// The figures on the page, as the browser shows them.
	signIn(t, ctx, e, "lezer@example.nl", "Lies Lezer", auth.RoleAdmin)
	must("reopen", chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("table.evaluation"))))
	shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.evaluation tbody tr:first-child")))
	must("figures", err)
	if !strings.Contains(shown, "Ontvangen klachten") || !strings.Contains(shown, "4") {
		t.Errorf("first row shows %q", shown)
	}
	res := e.page("/reports/quarterly.pdf?year=2026&quarter=1", auth.RoleManager)
	if res.Status != 200 || !strings.HasPrefix(string(res.Body), "%PDF") {
		t.Fatalf("pdf = %d", res.Status)
	}
	text, ok := pdftest.Text(t, res.Body, "-layout")
	if !ok {
		return
	}
	for _, want := range []string{"Kwartaalevaluatie 2026-Q1", "Ontvangen klachten", "Soort: Telemarketing", "Soort: Privacy/AVG",
		"Lotte Leden", "Carla Coördinator", "Mehmet Manager", "Akkoord"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// The first row's numbers, in order, as on the page.
	var line string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "Ontvangen klachten") {
			line = l
		}
	}
	if got := strings.Join(strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "Ontvangen klachten")), " "); got != "4 0 0 0 0" {
		t.Errorf("PDF received row = %q, page shows %q", got, shown)
	}
}
