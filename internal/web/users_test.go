package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

func TestUserAdministration(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		bad := url.Values{
			"name":       {""},
			"email":      {"not-an-address"},
			"role":       {"pilot"},
			"department": {"canteen"},
			"lang":       {"nl"},
		}
		res := e.form("/admin/users", auth.RoleAdmin, bad)
		body := string(res.Body)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad user = %d", res.Status)
		}
		for _, id := range []string{"f-name-error", "f-email-error", "f-role-error", "f-department-error"} {
			if !strings.Contains(body, `id="`+id+`"`) {
				t.Errorf("bad user form lacks %s", id)
			}
		}
		before, _ := e.store.ListUsers(ctx)
		res = e.form(
			"/admin/users",
			auth.RoleAdmin,
			url.Values{
				"name":       {"Piet Post"},
				"email":      {"piet@example.nl"},
				"role":       {"membership_admin"},
				"department": {"ledenadministratie"},
				"lang":       {"en"},
			},
		)
		if res.Status != http.StatusCreated {
			t.Fatalf("add user = %d %s", res.Status, res.Body)
		}
		link := regexp.MustCompile(`http://klacht\.test/password/[A-Za-z0-9_-]+`).FindString(string(res.Body))
		if link == "" {
			t.Fatal("no set-password link shown")
		}
		token := link[strings.LastIndex(link, "/")+1:]
		res = e.form(
			"/password/"+token,
			"",
			url.Values{"password": {"piets lange wachtwoord"}, "password2": {"piets lange wachtwoord"}},
		)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("set password = %d %s", res.Status, res.Body)
		}
		piet, _ := e.store.UserByEmail(ctx, "piet@example.nl")
		if !auth.VerifyPassword(piet.PasswordHash, "piets lange wachtwoord") || piet.Department != "ledenadministratie" {
			t.Errorf("piet = %+v", piet)
		}
		if after, _ := e.store.ListUsers(ctx); len(after) != len(before)+1 {
			t.Errorf("users %d → %d", len(before), len(after))
		}
		// Deactivate; the last administrator cannot demote themself.
		path := fmt.Sprintf("/admin/users/%d", piet.ID)
		if res := e.form(path, auth.RoleAdmin, url.Values{"name": {"Piet Post"}, "role": {"membership_admin"}, "lang": {"en"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("deactivate = %d %s", res.Status, res.Body)
		}
		if p, _ := e.store.UserByID(ctx, piet.ID); p.Active {
			t.Error("user still active")
		}
		admin := e.users[auth.RoleAdmin]
		res = e.form(
			fmt.Sprintf("/admin/users/%d", admin.ID),
			auth.RoleAdmin,
			url.Values{"name": {admin.Name}, "role": {"agent"}, "lang": {"nl"}, "active": {"true"}},
		)
		if res.Status != http.StatusConflict || !strings.Contains(string(res.Body), "beheerder") {
			t.Errorf("demoting the last admin = %d", res.Status)
		}
		if res := e.page("/admin/users/999999", auth.RoleAdmin); res.Status != http.StatusNotFound {
			t.Errorf("unknown user = %d", res.Status)
		}
		// The API adds users too.
		res = e.api(
			http.MethodPost,
			"/api/v1/users",
			auth.RoleAdmin,
			map[string]any{"email": "api@example.nl", "name": "Api", "role": "board"},
		)
		var out struct {
			User         api.UserView `json:"user"`
			PasswordLink string       `json:"password_link"`
		}
		res.JSON(t, &out)
		if res.Status != 201 || out.User.Role != auth.RoleBoard ||
			!strings.HasPrefix(out.PasswordLink, "http://klacht.test/password/") {
			t.Errorf("api add = %d %s", res.Status, res.Body)
		}
		wantProblem(
			t,
			e.api(
				http.MethodPost,
				"/api/v1/users",
				auth.RoleAdmin,
				map[string]any{"email": "api@example.nl", "name": "Api", "role": "board"},
			),
			409,
			"email",
		)
		wantProblem(
			t,
			e.api(
				http.MethodPost,
				"/api/v1/users",
				auth.RoleAdmin,
				map[string]any{"email": "x@example.nl", "name": "X", "role": "king"},
			),
			422,
			"role",
		)
	})
}
