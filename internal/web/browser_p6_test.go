package web

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/store"
)

// signIn makes a user with a password and signs them in in the browser.
func signIn(t *testing.T, ctx context.Context, e *testEnv, email, name string, role auth.Role) {
	t.Helper()
	hash, _ := auth.HashPassword("een lang wachtwoord")
	u, _ := auth.NewUser(email, name, role, "", "nl")
	u.PasswordHash = hash
	if _, err := e.store.CreateUser(store.System(context.Background()), u, t0); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), "een lang wachtwoord"),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS(".tools .who")), // only signed-in pages have it
	); err != nil {
		t.Fatalf("sign in %s: %v", email, err)
	}
}

// TestBrowserCallList: an agent works the call list (P6): records that the
// canceller was reached, what the call found with an accepted offer, and
// the complaint behind the cancellation.
func TestBrowserCallList(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	e.clock.t = time.Now().UTC()
	data, _ := cancellation.SampleCSV(12, 0, 11)
	rows, _, err := cancellation.ParseCSV(
		strings.NewReader(string(data)),
		e.srv.Profile(),
		cancellation.DefaultMapping(),
		e.clock.Now(),
		"nl",
		nil,
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.store.ImportCancellations(store.System(context.Background()), "ledenadministratie", rows, nil); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, e, "bel@example.nl", "Bram Beller", auth.RoleAgent)
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	must(
		"list",
		chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/cancellations"), chromedp.WaitVisible(chromedp.CSS("table"))),
	)
	shoot(t, ctx, "14-call-list")
	must(
		"open",
		chromedp.Do(ctx, chromedp.Click(chromedp.CSS("tbody tr:first-child a")), chromedp.WaitVisible(chromedp.ID("h-call"))),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	must("reached", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name=result][value=reached]`)),
		chromedp.SendKeys(chromedp.ID("f-note"), "Opgezegd na telefoontjes"),
		chromedp.Click(chromedp.CSS(`form[action$="/call"] button`)),
		chromedp.WaitVisible(chromedp.ID("h-conclude")),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "vastgelegd")]`),
	))
	must("conclude", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-recorded_reason"), "contact_annoyance"),
		chromedp.SetValue(chromedp.ID("f-offer"), "newsletter_only"),
		chromedp.SetValue(chromedp.ID("f-offer_accepted"), "yes"),
		chromedp.SendKeys(chromedp.ID("f-outcome"), "Blijft de nieuwsbrief lezen."),
		chromedp.Click(chromedp.CSS(`form[action$="/conclude"] button`)),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "Opgeslagen")]`),
	))
	shoot(t, ctx, "15-cancellation-concluded")
	must("complaint", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-category"), "telemarketing"),
		chromedp.SendKeys(chromedp.ID("f-description"), "Werd te vaak gebeld en zegde daarom op."),
		chromedp.Click(chromedp.CSS(`form[action$="/complaint"] button`)),
		chromedp.WaitVisible(`//p[@class="notice" and contains(., "geregistreerd")]`),
	))
	shoot(t, ctx, "16-complaint-behind")
	id := loc[strings.LastIndex(loc, "/")+1:]
	x, err := e.store.Cancellation(store.System(context.Background()), mustAtoi64(e.t, id))
	must("stored", err)
	if x.Status != cancellation.Reached || x.RecordedReason != "contact_annoyance" || x.OfferAccepted != "yes" ||
		x.ComplaintRef == "" {
		t.Errorf("cancellation = %+v", x)
	}
	c, err := e.store.Complaint(store.System(context.Background()), x.ComplaintRef)
	if err != nil || c.Channel != "cancellation" || c.Category != "telemarketing" {
		t.Errorf("complaint behind = %+v, %v", c, err)
	}
}

// TestBrowserBoardDecision: a board member finds the appeal in the
// board's queue and records the decision.
func TestBrowserBoardDecision(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	now := time.Now().UTC()
	e.clock.t = now
	body := validComplaint()
	body["received_at"] = now.Add(-time.Hour).Format(time.RFC3339)
	c := e.mustCreate(body)
	tr := "/api/v1/complaints/" + c.Reference + "/transitions"
	e.api("POST", tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
	e.api(
		"POST",
		tr,
		auth.RoleAgent,
		map[string]any{"status": "handled", "told": map[string]any{"via": "email", "summary": "Nummer geblokkeerd."}},
	)
	if res := e.api("POST", "/api/v1/complaints/"+c.Reference+"/appeals", auth.RoleAgent, map[string]any{"grounds": "Ik word nog steeds gebeld."}); res.Status != 201 {
		t.Fatalf("appeal = %d %s", res.Status, res.Body)
	}
	signIn(t, ctx, e, "voorzitter@example.nl", "Bea Bestuur", auth.RoleBoard)
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	must("queue", chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/appeals"), chromedp.WaitVisible(chromedp.CSS("tbody a"))))
	shoot(t, ctx, "17-board-queue")
	must("decide", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("tbody a")),
		chromedp.WaitVisible(chromedp.ID("f-decision")),
		chromedp.SetValue(chromedp.ID("f-decision"), "upheld"),
		chromedp.SendKeys(chromedp.ID("f-reasoning"), "Het nummer stond niet op de bel-me-niet-lijst; wij herstellen dat."),
		chromedp.Click(chromedp.CSS(`form[action$="/decision"] button`)),
		chromedp.WaitVisible(chromedp.ID("h-decision")),
	))
	shoot(t, ctx, "18-board-decided")
	list, _ := e.store.Appeals(store.System(context.Background()), false, 5)
	if len(list) != 1 || list[0].Decision != "upheld" || list[0].DeciderName != "Bea Bestuur" {
		t.Errorf("decided = %+v", list)
	}
}

func mustAtoi64(tb testing.TB, s string) int64 {
	tb.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		tb.Fatalf("not a number: %q", s)
	}
	return n
}
