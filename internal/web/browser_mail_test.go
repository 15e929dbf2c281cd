package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/store"
)

// TestBrowserIntakeLog: the coordinator follows Mail in the menu to the
// intake log, sees every mail's outcome (the same message read twice
// shows as taken in before), filters it, follows a complaint's link, and
// reaches the quarantine; axe-core finds no violation.
func TestBrowserIntakeLog(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	bg := store.System(context.Background())
	mail := []byte(
		"From: Els <els@example.nl>\r\nSubject: Geen blad\r\nMessage-ID: <b1@example.nl>\r\n\r\nAl weken geen blad.\r\n",
	)
	for _, raw := range [][]byte{mail, mail, []byte("geen e-mail")} {
		if err := e.srv.App.TakeMail(bg, intake.Mail{Raw: raw, Mailbox: "INBOX/7/1"}); err != nil {
			t.Fatal(err)
		}
	}
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	signIn(t, ctx, e, "cora@example.nl", "Cora Coördinator", auth.RoleCoordinator)
	must("menu", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints"),
		chromedp.Click(`//nav//summary[normalize-space(.)="Post"]`),
		chromedp.Click(`//nav//a[normalize-space(.)="E-mail"]`),
		chromedp.WaitVisible(`//h1[.="Binnengekomen e-mail"]`),
	))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("log text", err)
	for _, w := range []string{"Nieuwe klacht (1)", "Al eerder binnengekomen (1)", "Quarantaine (1)", "b1@example.nl"} {
		if !strings.Contains(text, w) {
			t.Errorf("the intake log lacks %q:\n%s", w, text)
		}
	}
	if axe != "" {
		axeCheck(t, ctx, axe, "intake log")
	}
	shoot(t, ctx, "32-intake-log")
	must("filter", chromedp.Do(ctx,
		chromedp.Click(`//a[contains(., "Al eerder binnengekomen")]`),
		chromedp.WaitVisible(`//a[contains(., "Al eerder binnengekomen") and @aria-current="page"]`),
	))
	rows, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("tbody")))
	must("filtered", err)
	if strings.Contains(rows, "Quarantaine") || !strings.Contains(rows, "Al eerder binnengekomen") {
		t.Errorf("filtered rows:\n%s", rows)
	}
	must("to the complaint", chromedp.Do(ctx,
		chromedp.Click(`//tbody//a[starts-with(@href, "/complaints/")]`),
		chromedp.WaitVisible(chromedp.ID("timeline")),
	))
	must("to the quarantine", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/mail/intake"),
		chromedp.Click(`//a[.="Naar de quarantaine"]`),
		chromedp.WaitVisible(`//h1[.="Quarantaine van e-mail"]`),
	))
	if axe != "" {
		axeCheck(t, ctx, axe, "quarantine")
	}
}
