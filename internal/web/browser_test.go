package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/jobs"
	"github.com/klacht/klacht/internal/store"
)

// browserEnv names the variable that makes a missing browser a failure
// instead of a skip; .ci/run sets it.
const browserEnv = "KLACHT_TEST_BROWSER"

// newBrowser starts headless Chromium with the flags this machine needs
// (no network beyond loopback, no sandbox as root).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv(browserEnv) != "" {
			t.Fatalf("%s is set but no Chromium was found", browserEnv)
		}
		t.Skip("no Chromium; install Debian's chromium or set " + browserEnv + " in CI")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(store.System(context.Background()), opts...)
	t.Cleanup(cancel)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(cancelCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// screenshotDir is where the browser test leaves its pictures.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("KLACHT_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserRegisterPhoneComplaint: sign in, register a phone complaint
// with the keyboard only, find it in the list, open it, move it to in
// progress — in a real browser.
func TestBrowserRegisterPhoneComplaint(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	e.clock.t = time.Now().UTC() // the form's "received" default must not lie in the browser's future
	hash, _ := auth.HashPassword("een lang wachtwoord")
	u, _ := auth.NewUser("desk@example.nl", "Sanne Desk", auth.RoleAgent, "servicelijn", "nl")
	u.PasswordHash = hash
	if _, err := e.store.CreateUser(store.System(context.Background()), u, t0); err != nil {
		t.Fatal(err)
	}
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	tab := chromedp.KeyEvent("\t")
	must(
		"open sign-in",
		chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/complaints"), chromedp.WaitVisible(chromedp.ID("f-email"))),
	)
	shoot(t, ctx, "01-login")
	must("sign in", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-email"), "desk@example.nl"),
		chromedp.SendKeys(chromedp.ID("f-password"), "een lang wachtwoord"),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS(".empty")),
	))
	shoot(t, ctx, "02-empty-list")

	// The register form, keyboard only: focus starts on the member number.
	must(
		"open form",
		chromedp.Do(
			ctx,
			chromedp.Click(chromedp.CSS("a.button.primary")),
			chromedp.WaitVisible(chromedp.ID("f-complainant-member_number")),
		),
	)
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	must("focus", err)
	if focused != "f-complainant-member_number" {
		t.Errorf("form opens with focus on %q, want the member number", focused)
	}
	start := time.Now()
	must("type", chromedp.Do(ctx,
		chromedp.KeyEvent("778899"), tab,
		chromedp.KeyEvent("Els de Boer"), tab,
		chromedp.KeyEvent("Kerkstraat 5"), tab,
		chromedp.KeyEvent("3511ab"), tab,
		chromedp.KeyEvent("Utrecht"), tab,
		chromedp.KeyEvent("030-7654321"), tab,
		tab,                           // e-mail: none given
		tab,                           // language: Dutch
		tab,                           // answer wanted: not asked
		tab,                           // channel: phone is the default
		chromedp.KeyEvent("Tel"), tab, // category by type-ahead
		chromedp.KeyEvent("Iem"), tab, // concerns: a person acting for us
		tab, // campaign: none
		chromedp.KeyEvent("Ik word steeds gebeld terwijl ik dat niet wil."),
	))
	shoot(t, ctx, "03-register-form")
	must("submit with Ctrl+Enter", chromedp.Do(ctx,
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	))
	t.Logf("registered by keyboard in %v", time.Since(start).Round(time.Millisecond))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.Contains(loc, "/complaints/K-") {
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
		t.Fatalf("after register at %s:\n%s", loc, html)
	}
	ref := loc[strings.Index(loc, "/complaints/")+len("/complaints/"):]
	ref = strings.SplitN(ref, "?", 2)[0]
	shoot(t, ctx, "04-detail")
	c, err := e.store.Complaint(store.System(context.Background()), ref)
	must("stored", err)
	if c.Category != "telemarketing" || c.Concerns != "person" || c.Channel != "phone" ||
		c.Complainant.Postcode != "3511 AB" ||
		c.TakenByName != "Sanne Desk" {
		t.Errorf("stored %+v", c)
	}

	// Find it in the list, open it, move it to in progress.
	must("list", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/complaints"),
		chromedp.WaitVisible(chromedp.CSS("table.complaints")),
	))
	shoot(t, ctx, "05-list")
	must("open", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/complaints/`+ref+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="in_progress"]`)),
		chromedp.Click(chromedp.CSS(`button[value="in_progress"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	))
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1 .status")))
	must("status", err)
	if strings.TrimSpace(status) != "In behandeling" {
		t.Errorf("status after the action = %q", status)
	}
	shoot(t, ctx, "06-in-progress")

	// English, and 200% zoom: the page still reflows without sideways scrolling.
	// Wait for the English page itself (its switch offers Dutch), so the
	// next navigation does not race the language form's redirect.
	must(
		"english",
		chromedp.Do(
			ctx,
			chromedp.Click(chromedp.CSS(`.tools button[lang="en"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.tools button[lang="nl"]`)),
		),
	)
	must(
		"zoom",
		chromedp.Do(
			ctx,
			chromedp.EmulateViewport(640, 900),
			chromedp.Navigate(e.ts.URL+"/complaints/new"),
			chromedp.WaitVisible(chromedp.ID("f-complainant-name")),
		),
	)
	overflow, err := chromedp.Run(
		ctx,
		chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`),
	)
	must("overflow", err)
	if overflow {
		t.Error("the register form scrolls sideways at 640px wide (200% zoom of 1280)")
	}
	shoot(t, ctx, "07-form-en-narrow")
}

// TestBrowserDashboardReassign: the coordinator sees an overdue complaint
// on the dashboard, flagged for lacking a written notice, opens it and
// hands it to a colleague.
func TestBrowserDashboardReassign(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	now := time.Now().UTC()
	e.clock.t = now
	hash, _ := auth.HashPassword("een lang wachtwoord")
	u, _ := auth.NewUser("coord@example.nl", "Carla Coördinator", auth.RoleCoordinator, "servicelijn", "nl")
	u.PasswordHash = hash
	if _, err := e.store.CreateUser(store.System(context.Background()), u, t0); err != nil {
		t.Fatal(err)
	}
	body := validComplaint()
	body["received_at"] = now.AddDate(0, 0, -20).Format(time.RFC3339)
	late := e.mustCreate(body)
	w := &jobs.TermWatch{Store: e.store, Profile: e.srv.Profile, Now: e.clock.Now, Log: e.srv.Log}
	if _, err := w.Tick(store.System(context.Background())); err != nil {
		t.Fatal(err)
	}
	agent := e.users[auth.RoleAgent]
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	must("sign in", chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/dashboard"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), "coord@example.nl"),
		chromedp.SendKeys(chromedp.ID("f-password"), "een lang wachtwoord"),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS("#h-overdue")),
	))
	row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("section[aria-labelledby=h-overdue] tbody tr")))
	must("overdue row", err)
	if !strings.Contains(row, late.Reference) || !strings.Contains(row, "in strijd met de procedure") {
		t.Errorf("overdue row = %q", row)
	}
	shoot(t, ctx, "08-dashboard")
	must("reassign", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`section[aria-labelledby=h-overdue] a[href="/complaints/`+late.Reference+`"]`)),
		chromedp.WaitVisible(chromedp.ID("h-next")),
		chromedp.Click(chromedp.CSS("#act-assign > summary")),
		chromedp.WaitVisible(chromedp.ID("f-assignee_id")),
		chromedp.SetValue(chromedp.ID("f-assignee_id"), itoa(agent.ID)),
		chromedp.SendKeys(chromedp.ID("f-note"), "Graag vandaag bellen"),
		chromedp.Click(chromedp.CSS(`form[action$="/assign"] button`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	))
	shoot(t, ctx, "09-reassigned")
	c, err := e.store.Complaint(store.System(context.Background()), late.Reference)
	must("stored", err)
	if c.AssigneeID != agent.ID {
		t.Errorf("assignee = %d, want %d", c.AssigneeID, agent.ID)
	}
	must(
		"dashboard again",
		chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/dashboard"), chromedp.WaitVisible(chromedp.CSS("#h-handlers"))),
	)
	handlers, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("section[aria-labelledby=h-handlers] tbody")))
	must("handlers", err)
	if !strings.Contains(handlers, agent.Name) {
		t.Errorf("per-handler table lacks %s: %q", agent.Name, handlers)
	}
}
