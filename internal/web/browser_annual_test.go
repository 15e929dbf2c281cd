package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
)

// TestBrowserAnnualSummary: the manager imports contact volumes (a bad
// file is refused line by line, a good one is taken), adjusts the yearly
// summary's text, publishes it, and the public page shows it. With axe-core
// at hand, the editor with a refused import and the public page have no
// WCAG 2.2 AA violation.
func TestBrowserAnnualSummary(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	for range 5 { // five: fewer would be written "minder dan 5" in public
		e.mustCreate(validComplaint())
	}
	var axe string
	if path := os.Getenv(axeEnv); path != "" {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		axe = string(src)
	}
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "volumes.csv")
	writeTestFile(t, bad, "van;tot;soort;aantal\n2026-01-01;2027-01-01;telemarketing_calls;veel\n")
	writeTestFile(t, good, "van;tot;soort;aantal\n2026-01-01;2027-01-01;telemarketing_calls;3.000\n")

	signIn(t, ctx, e, "mehmet@example.nl", "Mehmet Manager", auth.RoleManager)
	page := e.ts.URL + "/reports/annual?year=2026&lang=nl"
	must("open", chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("h-editor"))))
	must("bad import", chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{bad}),
		chromedp.Click(chromedp.CSS(`form[action="/reports/volumes/import"] button`)),
		chromedp.WaitVisible(chromedp.ID("f-file-error")),
	))
	refused, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("f-file-error")))
	must("refused", err)
	if !strings.Contains(refused, "Regel 2, aantal: Vul een heel getal in.") {
		t.Errorf("refused import says %q", refused)
	}
	if axe != "" {
		axeCheck(t, ctx, axe, "annual summary with a refused import")
	}
	shoot(t, ctx, "20-annual-import-refused")
	must("good import", chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{good}),
		chromedp.Click(chromedp.CSS(`form[action="/reports/volumes/import"] button`)),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "contactvolumes zijn geïmporteerd")]`),
	))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("annual-text")))
	must("text", err)
	if !strings.Contains(
		text,
		"Op een totaal van 3.000 gevoerde gesprekken is dat 1,67 per 1.000 gesprekken (ongeveer 2 op de 1.000).",
	) {
		t.Errorf("the summary does not use the imported volume: %q", text)
	}
	must("edit", chromedp.Do(
		ctx,
		chromedp.SetValue(
			chromedp.ID("f-text"),
			"In 2026 kwamen er vijf klachten binnen, alle vijf over telemarketing.\n\nWij hebben het belbureau gevraagd de belfrequentie te verlagen.",
		),
		chromedp.Click(chromedp.CSS(`form[action="/reports/annual/text"] button:not([name])`)),
		chromedp.WaitVisible(`//p[@id="annual-state" and contains(., "Tekst aangepast")]`),
	))
	shoot(t, ctx, "21-annual-edited")
	must("publish", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/reports/annual/publication"] button`)),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "Het overzicht is gepubliceerd.")]`),
		chromedp.Click(chromedp.CSS(`#annual-state a`)),
		chromedp.WaitVisible(chromedp.CSS("article.panel")),
	))
	public, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("public", err)
	if !strings.Contains(public, "Wij hebben het belbureau gevraagd de belfrequentie te verlagen.") ||
		!strings.Contains(public, "Jaaroverzicht 2026") {
		t.Errorf("public page shows %q", public)
	}
	if axe != "" {
		axeCheck(t, ctx, axe, "public yearly summary")
	}
	shoot(t, ctx, "22-annual-public")
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
