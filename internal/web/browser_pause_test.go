package web

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

// axeSource is axe-core's script when the accessibility check is set up.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv(axeEnv)
	if path == "" {
		return ""
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// TestBrowserTermPause: the handler pauses the term with a question; the
// complainant reads it on the status page and answers there; the term
// runs again, its end moved by the days it stood still.
func TestBrowserTermPause(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	c := e.mustCreate(validComplaint())
	msgs, err := e.store.ComplaintMessages(store.System(context.Background()), mustID(t, e, c.Reference))
	if err != nil || len(msgs) == 0 {
		t.Fatalf("messages: %v", err)
	}
	link := regexp.MustCompile(`http://klacht\.test(/status/[A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)
	if link == nil {
		t.Fatal("no status link")
	}
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	signIn(t, ctx, e, "behandelaar@example.nl", "Bea Behandelaar", auth.RoleAgent)
	question := "Op welk nummer bent u gebeld? Dan kunnen we het bureau gericht aanspreken."
	must("pause", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints/"+c.Reference),
		chromedp.WaitVisible(chromedp.ID("h-next")),
		chromedp.Click(chromedp.CSS("#act-pause > summary")),
		chromedp.WaitVisible(chromedp.ID("f-pause_reason")),
		chromedp.SendKeys(chromedp.ID("f-pause_reason"), question),
		chromedp.Click(chromedp.CSS(`form[action$="/pause"] button`)),
		// The term stands still: the next step is to let it run again.
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/pause"] button.primary`)),
	))
	if axe != "" {
		axeCheck(t, ctx, axe, "complaint with a paused term")
	}
	shoot(t, ctx, "24-term-paused")

	// Four days later the complainant answers through the status page.
	e.clock.Add(4 * 24 * time.Hour)
	must("status", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+link[1]),
		chromedp.WaitVisible(`//div[@class="notice"]//p[contains(., "Op welk nummer bent u gebeld?")]`),
	))
	if axe != "" {
		axeCheck(t, ctx, axe, "status page with a question")
	}
	shoot(t, ctx, "25-status-question")
	must("answer", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-text"), "Op 06-12345678, op 3 maart rond etenstijd."),
		chromedp.Click(chromedp.CSS(`form[action*="/add"] button`)),
		chromedp.WaitVisible(`//p[contains(@class, "notice")]`),
	))
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("status after", err)
	if strings.Contains(page, "We wachten op uw antwoord") {
		t.Error("the status page still waits after the answer")
	}

	// Back at the complaint (signed in anew: four days outlast a session):
	// the clock runs, the end moved by four days.
	must("sign in again", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), "behandelaar@example.nl"),
		chromedp.SendKeys(chromedp.ID("f-password"), "een lang wachtwoord"),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS(".tools .who")),
	))
	must("resumed", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints/"+c.Reference),
		chromedp.WaitVisible(chromedp.CSS(`.state .next .primary`)),
	))
	next, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".state .next")))
	must("next step", err)
	if strings.Contains(next, "Termijn weer laten lopen") || strings.Contains(next, "staat stil") {
		t.Errorf("after the answer the next step still waits: %q", next)
	}
	shoot(t, ctx, "26-term-resumed")
	term, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".state .term")))
	must("term", err)
	loc := e.srv.Profile().Location()
	if want := c.DueAt.Add(4 * 24 * time.Hour).In(loc).Format("02-01-2006"); !strings.Contains(term, want) {
		t.Errorf("term line %q lacks the moved end %s", term, want)
	}
	timeline, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("timeline")))
	must("timeline", err)
	for _, w := range []string{"zette de termijn stil", "de termijn loopt weer", "Op 06-12345678"} {
		if !strings.Contains(timeline, w) {
			t.Errorf("timeline lacks %q", w)
		}
	}
}
