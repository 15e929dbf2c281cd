package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
)

// TestBrowserMerge: the same member complains twice; the second
// complaint's page suggests the first; one click merges it; the first
// shows both timelines, and the second's reference leads to it.
func TestBrowserMerge(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	first := e.mustCreate(validComplaint())
	body := validComplaint()
	body["received_at"] = "2026-03-02T09:00:00Z"
	body["description"] = "Vanavond alweer gebeld. Ik had toch gezegd dat ik niet gebeld wil worden?"
	second := e.mustCreate(body)
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	signIn(t, ctx, e, "cora@example.nl", "Cora Coördinator", auth.RoleCoordinator)
	must("suggestion", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints/"+second.Reference),
		chromedp.WaitVisible(chromedp.ID("duplicates")),
	))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("duplicates")))
	must("suggestion text", err)
	if !strings.Contains(text, first.Reference) || !strings.Contains(text, "zelfde lidnummer") {
		t.Errorf("suggestion = %q", text)
	}
	if axe != "" {
		axeCheck(t, ctx, axe, "complaint with a suggested duplicate")
	}
	shoot(t, ctx, "27-duplicate-suggested")
	must("review", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#duplicates a[href="/complaints/`+second.Reference+`/merge?with=`+first.Reference+`"]`)),
		chromedp.WaitVisible(`//h1[.="Klachten samenvoegen"]`),
	))
	review, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("review text", err)
	for _, w := range []string{"Welke klacht blijft?", "voorgesteld", "Een afgehandelde klacht blijft afgehandeld", second.Reference} {
		if !strings.Contains(review, w) {
			t.Errorf("the review page lacks %q:\n%s", w, review)
		}
	}
	checked, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name="survivor"]:checked`)))
	must("suggested survivor", err)
	if checked != first.Reference {
		t.Errorf("suggested survivor %s, want the oldest, %s", checked, first.Reference)
	}
	if axe != "" {
		axeCheck(t, ctx, axe, "merge review")
	}
	shoot(t, ctx, "27b-merge-review")
	must("merge", chromedp.Do(ctx,
		chromedp.Click(`//button[.="Samenvoegen"]`),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "samengevoegd")]`),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.Contains(loc, "/complaints/"+first.Reference) {
		t.Errorf("after the merge the browser is at %s", loc)
	}
	timeline, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("timeline")))
	must("timeline", err)
	for _, w := range []string{"voegde dubbele klachten samen met deze klacht: " + second.Reference, second.Reference + ": registreerde de klacht"} {
		if !strings.Contains(timeline, w) {
			t.Errorf("timeline lacks %q:\n%s", w, timeline)
		}
	}
	shoot(t, ctx, "28-merged")
	must("old reference", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints/"+second.Reference),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "Die klacht is samengevoegd met deze.")]`),
	))
	loc, err = chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.Contains(loc, "/complaints/"+first.Reference) {
		t.Errorf("the old reference leads to %s", loc)
	}
	must("list", chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/complaints"), chromedp.WaitVisible(chromedp.CSS("table"))))
	list, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table")))
	must("list text", err)
	if !strings.Contains(list, first.Reference) || strings.Contains(list, second.Reference) {
		t.Errorf("the list shows the merged duplicate or lost the survivor:\n%s", list)
	}
}
