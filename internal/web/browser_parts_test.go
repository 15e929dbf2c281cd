package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

// TestBrowserParts walks a split complaint in a real browser: the
// coordinator splits a complaint between membership administration and a
// campaign head (article 5); the campaign head, in a browser of their own,
// sees only their part, finds it in their list and handles it; the
// coordinator sees both parts and the one handled. axe-core checks each
// new page.
func TestBrowserParts(t *testing.T) {
	coord := newBrowser(t)
	e := newEnv(t, sqliteOnly)
	axe := axeSource(t)
	c := e.mustCreate(validComplaint())
	path := e.ts.URL + "/complaints/" + c.Reference
	signIn(t, coord, e, "coordinator@example.org", "Coby Coördinator", auth.RoleCoordinator)
	lead := browserUser(t, e, "hoofd@example.org", "Hanna Hoofd Campagne", auth.RoleCampaignLead)
	split := func(what, department, assignee string) {
		t.Helper()
		actions := []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(path),
			chromedp.WaitVisible(chromedp.ID("h-next")),
			chromedp.Click(chromedp.CSS("#act-parts > summary")),
			chromedp.SendKeys(chromedp.ID("f-part-what"), what),
			chromedp.SetValue(chromedp.ID("f-part-department"), department),
		}
		if assignee != "" {
			actions = append(actions, chromedp.SetValue(chromedp.ID("f-part-assignee_id"), assignee))
		}
		actions = append(actions,
			chromedp.Click(chromedp.CSS(`form[action$="/parts"] button`)),
			chromedp.WaitVisible(`//section[@id="parts"]//p[contains(., "`+what+`")]`))
		must(t, "split "+department, chromedp.Do(coord, actions...))
	}
	split("Er is twee keer afgeschreven.", "ledenadministratie", "")
	split("Oneens met de inhoud van de klimaatcampagne.", "campagnes", itoa(lead.ID))
	axeIf(t, coord, axe, "complaint split in two parts")
	shoot(t, coord, "50-parts-split")

	// The campaign head's own browser: their part only.
	head := newBrowser(t)
	signInAs(t, head, e, "hoofd@example.org")
	must(t, "their list", chromedp.Do(head,
		chromedp.Navigate(e.ts.URL+"/parts"),
		chromedp.WaitVisible(`//a[contains(., "`+c.Reference+`")]`),
	))
	axeIf(t, head, axe, "parts for my department")
	shoot(t, head, "51-parts-list")
	must(t, "their part", chromedp.Do(head,
		chromedp.Navigate(path),
		chromedp.WaitVisible(chromedp.ID("h-parts")),
	))
	text, err := chromedp.Run(head, chromedp.Text(chromedp.CSS("main")))
	must(t, "text", err)
	if strings.Contains(text, "twee keer afgeschreven") || strings.Contains(text, "gezegd dat ik dat niet wil") {
		t.Error("the campaign head sees another department's part or the whole complaint")
	}
	axeIf(t, head, axe, "a department's own part")
	shoot(t, head, "52-part-only")
	must(t, "handle their part", chromedp.Do(head,
		chromedp.SendKeys(chromedp.CSS(`form[action*="/parts/"] textarea`), "Wij leggen uit waarom de campagne zo is opgezet."),
		chromedp.Click(chromedp.CSS(`form[action*="/parts/"] button`)),
		chromedp.WaitVisible(`//section[@id="parts"]//p[contains(., "campagne zo is opgezet")]`),
	))
	shoot(t, head, "53-part-handled")
	must(t, "the coordinator's view", chromedp.Do(coord,
		chromedp.Navigate(path),
		chromedp.WaitVisible(`//section[@id="parts"]//p[contains(., "campagne zo is opgezet")]`),
		chromedp.WaitVisible(`//section[@id="parts"]//p[contains(., "twee keer afgeschreven")]`),
	))
	shoot(t, coord, "54-parts-one-handled")
}

// browserUser adds a member of staff who signs in with a password.
func browserUser(t *testing.T, e *testEnv, email, name string, role auth.Role) auth.User {
	t.Helper()
	hash, _ := auth.HashPassword("een lang wachtwoord")
	u, _ := auth.NewUser(email, name, role, "", "nl")
	u.PasswordHash = hash
	u, err := e.store.CreateUser(store.System(context.Background()), u, t0)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// signInAs signs an existing user in (browserUser made them).
func signInAs(t *testing.T, ctx context.Context, e *testEnv, email string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.ts.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), "een lang wachtwoord"),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS(".tools .who")),
	); err != nil {
		t.Fatalf("sign in %s: %v", email, err)
	}
}
