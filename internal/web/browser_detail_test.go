package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// TestBrowserComplaintNextStep walks one complaint through the procedure
// by its page's primary button alone: take it into handling, handle it,
// close it. At every step the state, the term and the next step sit at the
// top, the timeline is in view without scrolling, every other action is
// closed, and a handled complaint's primary button is never "Heropenen".
func TestBrowserComplaintNextStep(t *testing.T) {
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
	// check reads the top of the page as a person sees it on opening it.
	check := func(name, wantPrimary string, wantOpen ...string) {
		t.Helper()
		must(name+": top", chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("window.scrollTo(0, 0)")))
		primary, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll("main .primary")).filter(b => b.offsetParent !== null).map(b => b.textContent.trim())`,
		))
		must(name+": primary", err)
		if wantPrimary == "" && len(primary) > 0 || wantPrimary != "" && (len(primary) == 0 || primary[0] != wantPrimary) {
			t.Errorf("%s: visible primary buttons %q, want %q first", name, primary, wantPrimary)
		}
		for _, p := range primary {
			if p == "Heropenen" {
				t.Errorf("%s: Heropenen is a primary button", name)
			}
		}
		open, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll("details.action[open]")).map(d => d.id)`))
		must(name+": open actions", err)
		if strings.Join(open, ",") != strings.Join(wantOpen, ",") {
			t.Errorf("%s: open actions %q, want %q", name, open, wantOpen)
		}
		inView, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			`document.getElementById("h-timeline").getBoundingClientRect().top < window.innerHeight`))
		must(name+": timeline", err)
		if !inView {
			t.Errorf("%s: the timeline is below the fold at 1280×900", name)
		}
		state, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".state")))
		must(name+": state", err)
		if !strings.Contains(state, "Volgende stap") ||
			!strings.Contains(state, "Termijn") && !strings.Contains(state, "Status") {
			t.Errorf("%s: the top of the page lacks the state: %q", name, state)
		}
		if axe != "" {
			axeCheck(t, ctx, axe, "complaint page: "+name)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		must(name+": screenshot", err)
		if err := os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	signIn(t, ctx, e, "cora@example.nl", "Cora Coördinator", auth.RoleCoordinator)
	must("open", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints/"+c.Reference),
		chromedp.WaitVisible(chromedp.ID("h-next")),
	))
	check("35-detail-registered", "In behandeling nemen")

	must("start", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.state button.primary`)),
		chromedp.WaitVisible(`//h1/span[.="In behandeling"]`),
	))
	check("36-detail-in-progress", "Afhandelen", "act-handle")

	// The handling form without its summary comes back open, with the error.
	must("handle without summary", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.state a.primary`)),
		chromedp.Click(chromedp.CSS(`#act-handle input[value="phone"]`)),
		chromedp.Click(chromedp.CSS(`#act-handle button.primary`)),
		chromedp.WaitVisible(chromedp.ID("error-summary")),
	))
	open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("act-handle").open`))
	must("handle form open", err)
	if !open {
		t.Error("the handling form with an error is shown closed")
	}
	must("handle", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#act-handle input[value="phone"]`)),
		chromedp.SendKeys(chromedp.ID("f-told-summary"), "Gebeld: het bureau belt dit lid niet meer."),
		chromedp.Click(chromedp.CSS(`#act-handle button.primary`)),
		chromedp.WaitVisible(`//h1/span[.="Afgehandeld"]`),
	))
	check("37-detail-handled", "Sluiten")
	reopen, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`!!document.querySelector('#act-status button[value="in_progress"]')`))
	must("reopen offered", err)
	if !reopen {
		t.Error("a handled complaint offers no way to reopen it")
	}

	must("close", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.state button.primary`)),
		chromedp.WaitVisible(`//h1/span[.="Gesloten"]`),
	))
	check("38-detail-closed", "")
	got, err := e.store.Complaint(store.System(context.Background()), c.Reference)
	must("stored", err)
	if got.Status != complaint.Closed || got.ToldVia != "phone" {
		t.Errorf("stored status %s, told via %q", got.Status, got.ToldVia)
	}

	must("english", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.tools button[lang="en"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.tools button[lang="nl"]`)),
	))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".state")))
	must("english state", err)
	if !strings.Contains(text, "Next step") || !strings.Contains(text, "Closed on") {
		t.Errorf("English state = %q", text)
	}
	shoot(t, ctx, "39-detail-closed-en")
}

// TestBrowserAdminMenu: the administrator's pages sit in a menu
// of a few groups; a group opens as a disclosure and its pages are one
// click away.
func TestBrowserAdminMenu(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	signIn(t, ctx, e, "ada@example.nl", "Ada Admin", auth.RoleAdmin)
	must(
		"complaints",
		chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/complaints"), chromedp.WaitVisible(chromedp.CSS("nav"))),
	)
	top, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("header nav > ul > li")).map(li => (li.querySelector("summary") || li.querySelector("a")).textContent.trim())`,
	))
	must("menu", err)
	want := []string{"Overzicht", "Klachten", "Klacht registreren", "Post", "Leden", "Evaluatie en beroep", "Beheer"}
	if strings.Join(top, "|") != strings.Join(want, "|") {
		t.Errorf("menu = %q, want %q", top, want)
	}
	must("open Beheer", chromedp.Do(ctx,
		chromedp.Click(`//nav//summary[normalize-space(.)="Beheer"]`),
		chromedp.WaitVisible(`//nav//a[normalize-space(.)="Routering"]`),
	))
	if axe != "" {
		axeCheck(t, ctx, axe, "menu with a group open")
	}
	shoot(t, ctx, "40-admin-menu")
	// Opening another group closes the first.
	must("open Post", chromedp.Do(ctx,
		chromedp.Click(`//nav//summary[normalize-space(.)="Post"]`),
	))
	must("Post open", chromedp.Do(ctx, chromedp.WaitVisible(`//nav//a[normalize-space(.)="Brieven"]`)))
	opened, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(".menu-group details[open] summary")).map(s => s.textContent.trim())`))
	must("open groups", err)
	if strings.Join(opened, ",") != "Post" {
		t.Errorf("open groups = %q, want only Post", opened)
	}
	must("Beheer again", chromedp.Do(ctx,
		chromedp.Click(`//nav//summary[normalize-space(.)="Beheer"]`),
		chromedp.Click(`//nav//a[normalize-space(.)="Routering"]`),
		chromedp.WaitVisible(`//nav//summary[contains(@class, "current") and normalize-space(.)="Beheer"]`),
	))
	current, err := chromedp.Run(
		ctx,
		chromedp.Evaluate[string](`document.querySelector('nav a[aria-current="page"]').getAttribute("href")`),
	)
	must("current", err)
	if current != "/admin/routes" {
		t.Errorf("current menu entry = %q, want /admin/routes", current)
	}
}
