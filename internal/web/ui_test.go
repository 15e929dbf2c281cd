package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
	"github.com/klacht/klacht/internal/web/kit"
)

func validForm() url.Values {
	return url.Values{
		"complainant.member_number": {"778899"}, "complainant.name": {"Els de Boer"},
		"complainant.address": {"Kerkstraat 5"}, "complainant.postcode": {"3511ab"}, "complainant.city": {"Utrecht"},
		"complainant.phone": {"030-7654321"}, "complainant.email": {""}, "language": {"nl"},
		"channel": {"phone"}, "category": {"street_recruitment"}, "concerns": {"person"},
		"department": {"servicelijn"}, "received_at": {"2026-03-02T10:15"},
		"description": {"De straatwerver was opdringerig."},
	}
}

func TestUILoginFlow(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	hash, _ := auth.HashPassword("een lang wachtwoord")
	u, _ := auth.NewUser("lisa@example.nl", "Lisa", auth.RoleAgent, "", "en")
	u.PasswordHash = hash
	if _, err := e.store.CreateUser(ctx, u, t0); err != nil {
		t.Fatal(err)
	}
	res := e.page("/complaints", "")
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fcomplaints" {
		t.Fatalf("anonymous list = %d %s", res.Status, res.Header.Get("Location"))
	}
	res = e.form("/login", "", url.Values{"email": {"lisa@example.nl"}, "password": {"wrong"}})
	if res.Status != 200 ||
		!strings.Contains(string(res.Body), "wrong") && !strings.Contains(string(res.Body), "klopt niet") {
		t.Fatalf("wrong password = %d", res.Status)
	}
	res = e.form(
		"/login",
		"",
		url.Values{"email": {"LISA@example.nl "}, "password": {"een lang wachtwoord"}, "next": {"/complaints/new"}},
	)
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/complaints/new" {
		t.Fatalf("login = %d %s", res.Status, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "klacht_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v", cookie)
	}
	// An open redirect is refused.
	res = e.form(
		"/login",
		"",
		url.Values{"email": {"lisa@example.nl"}, "password": {"een lang wachtwoord"}, "next": {"//evil.example"}},
	)
	if res.Header.Get("Location") != "/complaints" {
		t.Errorf("next=//evil.example redirected to %q", res.Header.Get("Location"))
	}
	// The page speaks the user's language.
	res = e.do(http.MethodGet, "/complaints", "", nil, map[string]string{"Cookie": "klacht_session=" + cookie.Value})
	if !strings.Contains(string(res.Body), `<html lang="en">`) || !strings.Contains(string(res.Body), "Complaints") {
		t.Errorf("list page not in English for an English user")
	}
	// Logging out ends the session on the server.
	e.do(http.MethodPost, "/logout", "", nil, map[string]string{"Cookie": "klacht_session=" + cookie.Value})
	res = e.do(http.MethodGet, "/complaints", "", nil, map[string]string{"Cookie": "klacht_session=" + cookie.Value})
	if res.Status != http.StatusSeeOther {
		t.Errorf("after logout the old session still works: %d", res.Status)
	}
}

func TestUILoginRateLimit(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	var last response
	for range 6 {
		last = e.form("/login", "", url.Values{"email": {"agent@example.nl"}, "password": {"guess"}})
	}
	if last.Status != http.StatusTooManyRequests {
		t.Errorf("sixth failed sign-in = %d, want 429", last.Status)
	}
	e.clock.Add(16 * time.Minute)
	if res := e.form("/login", "", url.Values{"email": {"agent@example.nl"}, "password": {"guess"}}); res.Status != 200 {
		t.Errorf("after the window = %d, want 200", res.Status)
	}
}

func TestUIRegisterAndHandle(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		// Bad input: inline messages tied to their fields, nothing written.
		bad := validForm()
		bad.Set("complainant.name", "")
		bad.Set("complainant.email", "els@")
		bad.Set("category", "")
		res := e.form("/complaints", auth.RoleAgent, bad)
		body := string(res.Body)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad form = %d", res.Status)
		}
		for _, want := range []string{
			`id="f-complainant-name-error"`, `aria-describedby="f-complainant-name-error"`, `id="f-complainant-email-error"`,
			`id="f-category-error"`, `aria-invalid="true"`, `href="#f-complainant-name"`,
			`value="Kerkstraat 5"`, // what was typed is kept
		} {
			if !strings.Contains(body, want) {
				t.Errorf("bad form page lacks %s", want)
			}
		}
		if n := e.count(); n != 0 {
			t.Fatalf("bad form wrote %d complaints", n)
		}
		res = e.form("/complaints", auth.RoleAgent, validForm())
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/complaints/K-2026-00001") {
			t.Fatalf("register = %d %s %s", res.Status, res.Header.Get("Location"), res.Body)
		}
		c, err := e.store.Complaint(store.System(context.Background()), "K-2026-00001")
		if err != nil {
			t.Fatal(err)
		}
		// 10:15 in Amsterdam in March is 09:15 UTC.
		if want := time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC); !c.ReceivedAt.Equal(want) ||
			c.Complainant.Postcode != "3511 AB" {
			t.Errorf("stored received %v postcode %q", c.ReceivedAt, c.Complainant.Postcode)
		}
		page := string(e.page("/complaints/K-2026-00001", auth.RoleAgent).Body)
		for _, want := range []string{"Els de Boer", "Straatwerving", "In behandeling nemen", "16-03-2026"} {
			if !strings.Contains(page, want) {
				t.Errorf("detail page lacks %q", want)
			}
		}
		// A refused transition shows the reason; a good one moves.
		res = e.form("/complaints/K-2026-00001/status", auth.RoleAgent, url.Values{"status": {"closed"}})
		if res.Status != http.StatusConflict || !strings.Contains(string(res.Body), "kan niet van ‘Geregistreerd’ naar ‘Gesloten’") {
			t.Errorf("refused transition = %d", res.Status)
		}
		res = e.form(
			"/complaints/K-2026-00001/status",
			auth.RoleAgent,
			url.Values{"status": {"in_progress"}, "note": {"Gebeld"}},
		)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("transition = %d %s", res.Status, res.Body)
		}
		res = e.form("/complaints/K-2026-00001/notes", auth.RoleAgent, url.Values{"text": {""}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-text-error"`) {
			t.Errorf("empty note = %d", res.Status)
		}
		edit := validForm()
		edit.Set("complainant.city", "Amersfoort")
		if res := e.form("/complaints/K-2026-00001/edit", auth.RoleAgent, edit); res.Status != http.StatusSeeOther {
			t.Fatalf("edit = %d %s", res.Status, res.Body)
		}
		list := string(e.page("/complaints?q=Boer", auth.RoleAgent).Body)
		if !strings.Contains(list, "K-2026-00001") || !strings.Contains(list, "In behandeling") {
			t.Errorf("list does not show the complaint in progress")
		}
		empty := string(e.page("/complaints?category=financial", auth.RoleAgent).Body)
		if !strings.Contains(empty, "Geen klachten gevonden") {
			t.Errorf("filtered empty list has no empty state")
		}
		n, _ := e.store.CountComplaints(store.System(context.Background()), store.Filter{})
		if n != 1 {
			t.Errorf("complaints = %d", n)
		}
	})
}

func TestUISecurity(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	res := e.page("/login", "")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
	} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s = %q, want %q", h, res.Header.Get(h), want)
		}
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows unsafe-inline")
	}
	// A cross-site form post is refused before it does anything.
	h := map[string]string{
		"Content-Type":   "application/x-www-form-urlencoded",
		"Cookie":         "klacht_session=" + e.session(auth.RoleAgent),
		"Sec-Fetch-Site": "cross-site",
		"Origin":         "https://evil.example",
	}
	res = e.do(http.MethodPost, "/complaints", "", strings.NewReader(validForm().Encode()), h)
	if res.Status != http.StatusForbidden || e.count() != 0 {
		t.Errorf("cross-site post = %d, complaints %d", res.Status, e.count())
	}
	// An oversize form is refused.
	big := validForm()
	big.Set("description", strings.Repeat("x", kit.MaxFormBody))
	if res := e.form("/complaints", auth.RoleAgent, big); res.Status != http.StatusRequestEntityTooLarge ||
		e.count() != 0 {
		t.Errorf("oversize form = %d", res.Status)
	}
}

func TestUILanguageSwitch(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	res := e.do(http.MethodGet, "/login", "", nil, map[string]string{"Accept-Language": "en-GB,en;q=0.9"})
	if !strings.Contains(string(res.Body), "Sign in") {
		t.Error("Accept-Language en did not give English")
	}
	res = e.form("/lang", auth.RoleAgent, url.Values{"lang": {"en"}, "next": {"/complaints"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("switch = %d", res.Status)
	}
	u, _ := e.store.UserByID(store.System(context.Background()), e.users[auth.RoleAgent].ID)
	if u.Lang != "en" {
		t.Errorf("language not remembered on the user: %q", u.Lang)
	}
	if res := e.form("/lang", "", url.Values{"lang": {"fr"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("unknown language = %d", res.Status)
	}
}

func TestSetupAndPasswordLinks(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	token, hash, _ := auth.NewSecret("")
	if err := e.store.CreateLink(ctx, hash, store.LinkSetupAdmin, 0, t0, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if res := e.page("/setup/"+token, ""); res.Status != 200 {
		t.Fatalf("setup page = %d", res.Status)
	}
	res := e.form(
		"/setup/"+token,
		"",
		url.Values{"name": {"Beheer"}, "email": {"beheer@example.nl"}, "password": {"kort"}, "password2": {"kort"}},
	)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `id="f-password-error"`) {
		t.Fatalf("short password = %d", res.Status)
	}
	res = e.form(
		"/setup/"+token,
		"",
		url.Values{
			"name":      {"Beheer"},
			"email":     {"beheer@example.nl"},
			"password":  {"lang genoeg wachtwoord"},
			"password2": {"lang genoeg wachtwoord"},
		},
	)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("setup = %d %s", res.Status, res.Body)
	}
	u, err := e.store.UserByEmail(ctx, "beheer@example.nl")
	if err != nil || u.Role != auth.RoleAdmin || !auth.VerifyPassword(u.PasswordHash, "lang genoeg wachtwoord") {
		t.Fatalf("admin = %+v, %v", u, err)
	}
	if res := e.page("/setup/"+token, ""); res.Status != http.StatusNotFound {
		t.Errorf("used setup link = %d, want 404", res.Status)
	}
	if res := e.page("/password/unknown", ""); res.Status != http.StatusNotFound {
		t.Errorf("unknown password link = %d, want 404", res.Status)
	}
}

// TestQueuesShowOpenWork: my work and my team show what is
// still open; the status filter shows the rest.
func TestQueuesShowOpenWork(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	open := e.mustCreate(validComplaint())
	done := e.mustCreate(validComplaint())
	tr := "/api/v1/complaints/" + done.Reference + "/transitions"
	e.api(http.MethodPost, tr, auth.RoleAgent, map[string]any{"status": "in_progress"})
	e.api(
		http.MethodPost,
		tr,
		auth.RoleAgent,
		map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Uitgelegd"}},
	)
	list := string(e.page("/complaints", auth.RoleAgent).Body)
	mine := regexp.MustCompile(`href="(/complaints\?[^"]*assignee=me[^"]*)"`).FindStringSubmatch(list)
	if mine == nil || !strings.Contains(mine[1], "status=open") {
		t.Fatalf("my work's link = %v", mine)
	}
	page := string(e.page("/complaints?team=servicelijn&status=open&sort=due_at", auth.RoleAgent).Body)
	if !strings.Contains(page, open.Reference) || strings.Contains(page, done.Reference) {
		t.Errorf("the open queue shows closed work or hides open work")
	}
	if !strings.Contains(page, `<option value="open" selected`) {
		t.Error("the status filter does not show that it is on open work")
	}
	if all := string(e.page("/complaints?team=servicelijn&status=&sort=due_at", auth.RoleAgent).Body); !strings.Contains(
		all,
		done.Reference,
	) {
		t.Error("the filter for the rest does not show handled work")
	}
	var res struct{ Items []api.ComplaintView }
	e.api(http.MethodGet, "/api/v1/complaints?status=open", auth.RoleAgent, nil).JSON(t, &res)
	if len(res.Items) != 1 || res.Items[0].Reference != open.Reference {
		t.Errorf("API status=open = %+v", res.Items)
	}
}
