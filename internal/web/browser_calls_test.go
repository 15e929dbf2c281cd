package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/store"
)

// TestBrowserRegisterCall (P3.1): a known member calls; the caller log
// names them; one click opens the register form filled with them, the
// cursor on the category; the rest by keyboard, Ctrl+Enter registers, and
// the call names its complaint.
func TestBrowserRegisterCall(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	e.clock.t = time.Now().UTC()
	good, _, err := member.ParseFile(strings.NewReader("lidnummer;naam;adres;postcode;woonplaats;telefoon\n"+
		"445566;Gerda Gerritsen;Markt 12;5611AA;Eindhoven;040-2345678\n"), i18n.NL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.App.ImportMembers(store.System(context.Background()), "file", good); err != nil {
		t.Fatal(err)
	}
	res := e.do(http.MethodPost, "/api/v1/calls", auth.RoleAgent, strings.NewReader(url.Values{"event": {"newCall"},
		"callId": {"pbx-77"}, "from": {"+31402345678"}, "direction": {"in"}}.Encode()),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if res.Status != 200 {
		t.Fatalf("call event = %d %s", res.Status, res.Body)
	}
	signIn(t, ctx, e, "desk2@example.nl", "Sam Desk", auth.RoleAgent)
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	must("calls", chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/calls"), chromedp.WaitVisible(chromedp.CSS("#calls-log table"))))
	log, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#calls-log")))
	must("log", err)
	if !strings.Contains(log, "Gerda Gerritsen") {
		t.Errorf("the caller log does not name the caller: %s", log)
	}
	shoot(t, ctx, "calls-01-log")
	must("one click", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#calls-log a.button")),
		chromedp.WaitVisible(chromedp.ID("caller")),
	))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	must("focus", err)
	if focused != "f-category" {
		t.Errorf("the call's form opens with focus on %q, want the category", focused)
	}
	shoot(t, ctx, "calls-02-form")
	tab := chromedp.KeyEvent("\t")
	must("type", chromedp.Do(ctx,
		chromedp.KeyEvent("Tel"), tab, // category by type-ahead
		chromedp.KeyEvent("Iem"), tab, // concerns
		tab, // campaign: none
		chromedp.KeyEvent("Wil niet meer gebeld worden."),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	ref := strings.SplitN(loc[strings.Index(loc, "/complaints/")+len("/complaints/"):], "?", 2)[0]
	c, err := e.store.Complaint(store.System(context.Background()), ref)
	must("stored", err)
	if c.Complainant.Name != "Gerda Gerritsen" || c.Complainant.MemberNumber != "445566" || c.Complainant.City != "Eindhoven" ||
		c.Channel != "phone" || c.Category != "telemarketing" {
		t.Errorf("stored %+v", c)
	}
	calls, err := e.store.CallLog(store.System(context.Background()), time.Time{}, 10)
	must("call log", err)
	if len(calls) != 1 || calls[0].Reference != ref {
		t.Errorf("the call names %+v, want %s", calls, ref)
	}
}
