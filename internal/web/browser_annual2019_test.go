package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestBrowserPublish2019: the 2019 figures (55 complaints:
// 27 telemarketing, 16 street recruitment, 8 other, 4 privacy; 28,300
// calls) are published from the page in one click, and both public pages,
// Dutch and English, read back the summary with its protected counts and
// the organisation's name; axe-core finds no violation.
func TestBrowserPublish2019(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	bg := store.System(context.Background())
	agent := e.users[auth.RoleAgent]
	add := func(year int, category string, n int) {
		storetest.MustHandledComplaints(t, e.store, agent, year, category, n)
	}
	add(2018, "telemarketing", 3)
	add(2018, "street_recruitment", 2)
	add(2018, "other", 1)
	add(2019, "telemarketing", 27)
	add(2019, "street_recruitment", 16)
	add(2019, "privacy", 4)
	add(2019, "other", 8)
	if err := e.store.SaveVolume(bg, store.Volume{From: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		Kind: "telemarketing_calls", Volume: 28300}, t0); err != nil {
		t.Fatal(err)
	}
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	signIn(t, ctx, e, "cora@example.nl", "Cora Coördinator", auth.RoleCoordinator)
	must("publish", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/reports/annual?year=2019&lang=nl"),
		chromedp.Click(chromedp.CSS(`form[action="/reports/annual/publication"] button`)),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "Het overzicht is gepubliceerd.")]`),
	))
	for _, page := range []struct {
		lang, shot string
		want       []string
	}{
		{"nl", "33-annual-2019-nl", []string{"Jaaroverzicht 2019", "Milieudefensie", "In 2019 zijn er 55 klachten binnengekomen.",
			"Klachten over Telemarketing voeren nog steeds de boventoon, 27 stuks.", "0,95 per 1.000 gesprekken (ongeveer 1 op de 1.000)",
			"Over andere onderwerpen zijn minder dan 20 klachten binnengekomen.", "Nieuw dit jaar waren klachten over Privacy/AVG (minder dan 5)."}},
		{"en", "34-annual-2019-en", []string{"Yearly summary 2019", "Milieudefensie", "In 2019 we received 55 complaints.",
			"0.95 per 1,000 calls (about 1 per 1,000)", "fewer than 20 complaints about other subjects",
			"New this year were complaints about Privacy/GDPR (fewer than 5)."}},
	} {
		must("open "+page.lang, chromedp.Do(ctx,
			chromedp.Navigate(e.ts.URL+"/annual/2019?lang="+page.lang),
			chromedp.WaitVisible(chromedp.CSS("article.panel")),
		))
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		must("text "+page.lang, err)
		for _, w := range page.want {
			if !strings.Contains(text, w) {
				t.Errorf("the %s public page lacks %q:\n%s", page.lang, w, text)
			}
		}
		for _, never := range []string{" 8 klachten", "8 complaints", "(4)", " 4 ", "\t8\n", "\t4\n"} {
			if strings.Contains(text, never) {
				t.Errorf("the %s public page gives a protected count away: %q", page.lang, never)
			}
		}
		if axe != "" {
			axeCheck(t, ctx, axe, "public yearly summary 2019 "+page.lang)
		}
		shoot(t, ctx, page.shot)
	}
}
