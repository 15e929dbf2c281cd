package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

func sessionFrom(res response) string {
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "klacht_session" {
			return c.Value
		}
	}
	return ""
}

// TestLoginLockout: twenty failed sign-ins (paced under the per-address
// and per-e-mail limits) lock the account, right password or not, for
// half an hour; each failure and the lock are in the audit log.
func TestLoginLockout(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		hash, _ := auth.HashPassword("een lang wachtwoord")
		u, _ := auth.NewUser("lisa@example.nl", "Lisa", auth.RoleAgent, "", "nl")
		u.PasswordHash = hash
		u, err := e.store.CreateUser(ctx, u, t0)
		if err != nil {
			t.Fatal(err)
		}
		login := func(password string) response {
			return e.form("/login", "", url.Values{"email": {"lisa@example.nl"}, "password": {password}})
		}
		for i := 1; i <= 20; i++ {
			if res := login("geraden"); res.Status != http.StatusOK {
				t.Fatalf("failure %d = %d", i, res.Status)
			}
			if i%5 == 0 {
				e.clock.Add(16 * time.Minute) // past the in-memory limits
			}
		}
		res := login("een lang wachtwoord")
		if res.Status != http.StatusTooManyRequests || !strings.Contains(string(res.Body), "geblokkeerd") || sessionFrom(res) != "" {
			t.Fatalf("the right password on a locked account = %d", res.Status)
		}
		log, _ := e.store.AuditLog(ctx, store.AuditFilter{Object: "user:" + strconv.FormatInt(u.ID, 10)}, 100)
		failed, locked := 0, 0
		for _, en := range log {
			switch en.Action {
			case "auth.login_failed":
				failed++
			case "auth.locked":
				locked++
			}
		}
		if failed != 20 || locked != 1 {
			t.Errorf("audited %d failures and %d locks, want 20 and 1", failed, locked)
		}
		e.clock.Add(31 * time.Minute)
		res = login("een lang wachtwoord")
		if res.Status != http.StatusSeeOther || sessionFrom(res) == "" {
			t.Fatalf("after the lock = %d", res.Status)
		}
		// The count starts again after a success.
		if res := login("geraden"); res.Status != http.StatusOK {
			t.Errorf("one failure after success = %d", res.Status)
		}
	})
}

// TestSessionRenewalAndLogoutEverywhere: signing in replaces the session
// the browser came with; signing out everywhere ends the user's other
// sessions too.
func TestSessionRenewalAndLogoutEverywhere(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	hash, _ := auth.HashPassword("een lang wachtwoord")
	u, _ := auth.NewUser("lisa@example.nl", "Lisa", auth.RoleAgent, "", "nl")
	u.PasswordHash = hash
	if _, err := e.store.CreateUser(store.System(context.Background()), u, t0); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"email": {"lisa@example.nl"}, "password": {"een lang wachtwoord"}}
	first := sessionFrom(e.form("/login", "", form))
	// Signing in again from the same browser: the old id is dead.
	res := e.do(http.MethodPost, "/login", "", strings.NewReader(form.Encode()), map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Cookie": "klacht_session=" + first})
	second := sessionFrom(res)
	if second == "" || second == first {
		t.Fatal("no new session on sign-in")
	}
	get := func(session string) int {
		return e.do(http.MethodGet, "/complaints", "", nil, map[string]string{"Cookie": "klacht_session=" + session}).Status
	}
	if get(first) != http.StatusSeeOther || get(second) != http.StatusOK {
		t.Errorf("old session %d (want 303), new %d (want 200)", get(first), get(second))
	}
	other := sessionFrom(e.form("/login", "", form)) // another device
	res = e.do(http.MethodPost, "/logout/everywhere", "", nil, map[string]string{"Cookie": "klacht_session=" + second})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("logout everywhere = %d", res.Status)
	}
	if get(second) != http.StatusSeeOther || get(other) != http.StatusSeeOther {
		t.Error("a session survived signing out everywhere")
	}
}
