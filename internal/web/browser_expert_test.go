package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

// TestBrowserOutsideExpert (P5.3): the coordinator asks an outside expert
// from the complaint's page; the expert opens the link from the mail,
// sees the question without the complainant's details, and answers; the
// answer is on the complaint's timeline.
func TestBrowserOutsideExpert(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	c := e.mustCreate(validComplaint())
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	signIn(t, ctx, e, "coco@example.nl", "Coco Coördinator", auth.RoleCoordinator)
	must("ask", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints/"+c.Reference),
		chromedp.WaitVisible(chromedp.ID("h-next")),
		chromedp.Click(chromedp.CSS("#act-experts > summary")),
		chromedp.WaitVisible(chromedp.ID("f-expert_name")),
		chromedp.SendKeys(chromedp.ID("f-expert_name"), "Wim Wervingsleider"),
		chromedp.SendKeys(chromedp.ID("f-expert_email"), "wim@bureau.example"),
		chromedp.SendKeys(chromedp.ID("f-question"), "Belt uw bureau dit lid nog steeds 's avonds?"),
		chromedp.Click(chromedp.CSS(`form[action$="/experts"] button`)),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "De vraag is verstuurd.")]`),
	))
	shoot(t, ctx, "29-expert-asked")
	msgs, err := e.store.ComplaintMessages(store.System(context.Background()), mustID(t, e, c.Reference))
	must("messages", err)
	var link string
	for _, m := range msgs {
		if m.Kind == "expert_request" {
			for _, line := range strings.Split(m.Body, "\n") {
				if strings.HasPrefix(line, "http://klacht.test/expert/") {
					link = strings.TrimPrefix(line, "http://klacht.test")
				}
			}
		}
	}
	if link == "" {
		t.Fatal("no link in the expert's mail")
	}
	must("open", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+link),
		chromedp.WaitVisible(chromedp.ID("question")),
	))
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("page", err)
	if !strings.Contains(page, "Belt uw bureau dit lid nog steeds") || strings.Contains(page, "Jan Jansen") ||
		strings.Contains(page, "jan@example.nl") {
		t.Errorf("expert page:\n%s", page)
	}
	if axe != "" {
		axeCheck(t, ctx, axe, "outside expert's page")
	}
	shoot(t, ctx, "30-expert-page")
	must("answer", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-answer"), "Ja; we halen het lid vandaag uit de belronde."),
		chromedp.Click(chromedp.CSS(`form button.primary`)),
		chromedp.WaitVisible(chromedp.ID("answer")),
	))
	shoot(t, ctx, "31-expert-answered")
	must("timeline", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints/"+c.Reference),
		chromedp.WaitVisible(chromedp.ID("timeline")),
	))
	timeline, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("timeline")))
	must("timeline text", err)
	if !strings.Contains(timeline, "de externe deskundige antwoordde: Wim Wervingsleider") ||
		!strings.Contains(timeline, "uit de belronde") {
		t.Errorf("timeline:\n%s", timeline)
	}
}
