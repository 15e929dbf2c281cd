package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

func cookieFrom(res response, name string) string {
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// TestSecondFactor: with TOTP on for the organisation, an administrator
// must enrol before anything else; from then on a sign-in takes the code
// of the app, a wrong or replayed code is refused and counted, and an
// agent is not forced.
func TestSecondFactor(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	p := e.srv.Profile()
	terms := p
	terms.TwoFactor = true
	if err := e.store.SetTerms(ctx, terms, 0, t0); err != nil {
		t.Fatal(err)
	}
	e.srv.App.ReloadProfile()
	hash, _ := auth.HashPassword("een lang wachtwoord")
	for _, r := range []struct {
		email string
		role  auth.Role
	}{{"root@example.nl", auth.RoleAdmin}, {"anna@example.nl", auth.RoleAgent}} {
		u, _ := auth.NewUser(r.email, "U", r.role, "", "nl")
		u.PasswordHash = hash
		if _, err := e.store.CreateUser(ctx, u, t0); err != nil {
			t.Fatal(err)
		}
	}
	post := func(path, cookie string, v url.Values) response {
		h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		if cookie != "" {
			h["Cookie"] = cookie
		}
		return e.do(http.MethodPost, path, "", strings.NewReader(v.Encode()), h)
	}
	get := func(path, cookie string) response {
		return e.do(http.MethodGet, path, "", nil, map[string]string{"Cookie": cookie})
	}
	login := func(email string) response {
		return post("/login", "", url.Values{"email": {email}, "password": {"een lang wachtwoord"}})
	}
	// The agent is not forced.
	agent := "klacht_session=" + cookieFrom(login("anna@example.nl"), "klacht_session")
	if res := get("/complaints", agent); res.Status != 200 {
		t.Errorf("agent's list = %d", res.Status)
	}
	// The administrator is sent to enrol, whatever they open.
	admin := "klacht_session=" + cookieFrom(login("root@example.nl"), "klacht_session")
	if res := get("/admin/users", admin); res.Status != http.StatusSeeOther ||
		res.Header.Get("Location") != "/account/totp" {
		t.Fatalf("unenrolled admin = %d %s", res.Status, res.Header.Get("Location"))
	}
	page := string(get("/account/totp", admin).Body)
	m := regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "otpauth://totp/") {
		t.Fatalf("no secret on the enrolment page")
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	// The QR code is a PNG of the size the page says, to scan.
	qr := regexp.MustCompile(`<img src="data:image/png;base64,([A-Za-z0-9+/=&#;]+)" width="240" height="240" alt="[^"]+"`).
		FindStringSubmatch(page)
	if qr == nil {
		t.Fatal("no QR code on the enrolment page")
	}
	raw, _ := base64.StdEncoding.DecodeString(html.UnescapeString(qr[1]))
	if cfg, err := png.DecodeConfig(bytes.NewReader(raw)); err != nil || cfg.Width != 240 || cfg.Height != 240 {
		t.Errorf("QR code: %+v %v", cfg, err)
	}
	code := func() string {
		c, _ := auth.TOTPCode(secret, auth.TOTPStep(e.clock.Now()))
		return c
	}
	if res := post("/account/totp", admin, url.Values{"code": {"000000"}}); res.Status != 422 ||
		!strings.Contains(string(res.Body), `id="f-code-error"`) {
		t.Errorf("wrong first code = %d", res.Status)
	}
	if res := post("/account/totp", admin, url.Values{"code": {code()}}); res.Status != http.StatusSeeOther {
		t.Fatalf("enrol = %d %s", res.Status, res.Body)
	}
	if res := get("/admin/users", admin); res.Status != 200 {
		t.Errorf("enrolled admin = %d", res.Status)
	}
	// Signing in now takes the code.
	e.clock.Add(time.Minute)
	res := login("root@example.nl")
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login/code" ||
		cookieFrom(res, "klacht_session") != "" {
		t.Fatalf("password alone = %d %s", res.Status, res.Header.Get("Location"))
	}
	challenge := "klacht_2fa=" + cookieFrom(res, "klacht_2fa")
	if res := post("/login/code", challenge, url.Values{"code": {"123456"}}); res.Status != 200 ||
		!strings.Contains(string(res.Body), `id="f-code-error"`) {
		t.Errorf("wrong code = %d", res.Status)
	}
	good := code()
	res = post("/login/code", challenge, url.Values{"code": {good}})
	if res.Status != http.StatusSeeOther || cookieFrom(res, "klacht_session") == "" {
		t.Fatalf("right code = %d", res.Status)
	}
	// The same code again, in a new sign-in: refused.
	challenge = "klacht_2fa=" + cookieFrom(login("root@example.nl"), "klacht_2fa")
	if res := post("/login/code", challenge, url.Values{"code": {good}}); cookieFrom(res, "klacht_session") != "" {
		t.Error("a code was good twice")
	}
	// A challenge expires.
	e.clock.Add(6 * time.Minute)
	if res := post("/login/code", challenge, url.Values{"code": {code()}}); res.Status != http.StatusSeeOther ||
		res.Header.Get("Location") != "/login" {
		t.Errorf("expired challenge = %d %s", res.Status, res.Header.Get("Location"))
	}
	log, _ := e.store.AuditLog(ctx, store.AuditFilter{Action: "auth."}, 100)
	var actions []string
	for _, en := range log {
		actions = append(actions, en.Action)
	}
	if !strings.Contains(strings.Join(actions, " "), "auth.totp_enabled") ||
		strings.Count(strings.Join(actions, " "), "auth.login_failed") < 2 {
		t.Errorf("audit = %v", actions)
	}
}
