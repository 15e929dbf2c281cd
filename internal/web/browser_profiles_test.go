package web

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
)

// TestBrowserProfileAdmin: an administrator installs the Awb 9 profile from
// the routes page of an empty register and finds its terms, switches and
// labels there; the quarterly evaluation lists the quarter's measures and
// lessons. axe-core checks each page.
func TestBrowserProfileAdmin(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	signIn(t, ctx, e, "beheer@example.org", "Bea Beheer", auth.RoleAdmin)
	must(t, "routes", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/admin/routes"),
		chromedp.WaitVisible(chromedp.ID("h-profiles")),
	))
	axeIf(t, ctx, axe, "routes page of an empty register")
	must(t, "apply", chromedp.Do(ctx,
		chromedp.Click(`//form[input[@value="awb9"]]/button`),
		chromedp.WaitVisible(chromedp.ID("h-labels")),
		chromedp.WaitReady(`//select[@id="f-handling_unit"]/option[@value="weeks" and @selected]`),
	))
	axeIf(t, ctx, axe, "routes page with the Awb 9 profile")
	shoot(t, ctx, "55-profile-awb9-installed")

	c := e.mustCreate(complaintOf("bejegening"))
	path := "/api/v1/complaints/" + c.Reference
	e.api("PUT", path+"/decision", auth.RoleAgent, map[string]any{"outcome": "upheld", "labels": []string{"respectvol"},
		"lesson": "Baliemedewerkers krijgen een training bejegening."})
	e.form("/complaints/"+c.Reference+"/measures", auth.RoleCoordinator, url.Values{"what": {"Training bejegening inplannen"},
		"owner_id": {itoa(e.users[auth.RoleManager].ID)}, "due": {"2026-03-27"}})
	must(t, "evaluation", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/reports/quarterly?year=2026&quarter=1"),
		chromedp.WaitVisible(chromedp.ID("h-lessons")),
		chromedp.WaitVisible(`//section[@id="measures"]//li[contains(., "Training bejegening inplannen")]`),
	))
	axeIf(t, ctx, axe, "quarterly evaluation with measures and lessons")
	shoot(t, ctx, "56-evaluation-measures-lessons")
}
