package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/sso"
	"github.com/klacht/klacht/internal/sso/ssotest"
	"github.com/klacht/klacht/internal/store"
)

// TestSingleSignOn signs in through an OpenID Connect provider running in
// the test: a person it names becomes a user with the role its groups map
// to, their role follows the provider, a person without a mapped group or
// a callback this browser did not start is refused, and all is audited.
func TestSingleSignOn(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	idp := ssotest.New(t)
	rules, err := sso.ParseRoles("klacht-dpo=dpo, klacht-staff=agent")
	if err != nil {
		t.Fatal(err)
	}
	p, err := sso.New(ctx, sso.Config{Issuer: idp.URL, ClientID: idp.ClientID, ClientSecret: idp.Secret,
		RedirectURL: e.ts.URL + "/login/sso/callback", Roles: rules, Name: "Test IdP"})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.ui.SSO = p
	if page := string(e.page("/login", "").Body); !strings.Contains(page, `href="/login/sso"`) ||
		!strings.Contains(page, "Inloggen met Test IdP") {
		t.Fatal("the sign-in page offers no single sign-on")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// signIn walks the browser's way: klacht → provider → klacht.
	signIn := func() *http.Response {
		t.Helper()
		res, err := client.Get(e.ts.URL + "/login/sso")
		if err != nil || res.StatusCode != http.StatusSeeOther {
			t.Fatalf("start = %v %v", res, err)
		}
		var cookie string
		for _, c := range res.Cookies() {
			if c.Name == "klacht_sso" {
				cookie = c.Name + "=" + c.Value
			}
		}
		res, err = client.Get(res.Header.Get("Location"))
		if err != nil || res.StatusCode != http.StatusFound {
			t.Fatalf("provider = %v %v", res, err)
		}
		req, _ := http.NewRequest(http.MethodGet, res.Header.Get("Location"), nil)
		req.Header.Set("Cookie", cookie)
		res, err = client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	idp.SignInAs(
		map[string]any{
			"email":          "Sanne@Example.nl",
			"name":           "Sanne de Wit",
			"email_verified": true,
			"groups":         []string{"all-staff", "klacht-dpo"},
		},
	)
	res := signIn()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/complaints" || len(res.Cookies()) == 0 {
		t.Fatalf("callback = %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	u, err := e.store.UserByEmail(ctx, "sanne@example.nl")
	if err != nil || u.Role != auth.RoleDPO || u.Name != "Sanne de Wit" {
		t.Fatalf("user made = %+v, %v", u, err)
	}
	// The provider moves her to the staff group: her role follows.
	idp.SignInAs(map[string]any{"email": "sanne@example.nl", "name": "Sanne de Wit", "groups": "klacht-staff"})
	if res := signIn(); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second sign-in = %d", res.StatusCode)
	}
	if u, _ := e.store.UserByEmail(ctx, "sanne@example.nl"); u.Role != auth.RoleAgent {
		t.Errorf("role after the provider's change = %s", u.Role)
	}
	// No mapped group: refused, and no user made.
	idp.SignInAs(map[string]any{"email": "piet@example.nl", "groups": []string{"finance"}})
	if res := signIn(); res.StatusCode != http.StatusForbidden {
		t.Errorf("unmapped group = %d", res.StatusCode)
	}
	if _, err := e.store.UserByEmail(ctx, "piet@example.nl"); err == nil {
		t.Error("a user was made without a role")
	}
	// A callback this browser did not start.
	if res := e.page("/login/sso/callback?code=x&state=forged", ""); res.Status != http.StatusUnauthorized {
		t.Errorf("forged callback = %d", res.Status)
	}
	log, _ := e.store.AuditLog(ctx, store.AuditFilter{Action: "auth.sso"}, 10)
	var actions []string
	for _, en := range log {
		actions = append(actions, en.Action)
	}
	if got := strings.Join(actions, " "); got != "auth.sso_no_role auth.sso_role_changed auth.sso_user_created" {
		t.Errorf("audit = %s", got)
	}
}
