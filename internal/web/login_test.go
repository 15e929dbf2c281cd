package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
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

// TestNobodyLocksOutTheOwner: guessing is bounded per
// address and per account at an address with growing delays; strangers at
// other addresses never keep the owner out. Twenty failures in a day guard
// the account: the right password then signs in through an e-mailed link,
// and the page says the same to right and wrong passwords. Every wait and
// guard is audited.
func TestNobodyLocksOutTheOwner(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		hash, _ := auth.HashPassword("een lang wachtwoord")
		u, _ := auth.NewUser("lisa@example.nl", "Lisa", auth.RoleAgent, "", "nl")
		u.PasswordHash = hash
		u, err := e.store.CreateUser(ctx, u, t0)
		if err != nil {
			t.Fatal(err)
		}
		login := func(addr, password string, next ...string) response {
			v := url.Values{"email": {"lisa@example.nl"}, "password": {password}}
			if len(next) > 0 {
				v.Set("next", next[0])
			}
			req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = addr + ":40000"
			rec := httptest.NewRecorder()
			e.srv.ServeHTTP(rec, req)
			return response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
		}
		// Five wrong passwords from five addresses: the owner gets in.
		for i := range 5 {
			if res := login("203.0.113."+strconv.Itoa(i+1), "geraden"); res.Status != http.StatusOK {
				t.Fatalf("failure %d = %d", i+1, res.Status)
			}
		}
		if res := login("198.51.100.7", "een lang wachtwoord"); res.Status != http.StatusSeeOther || sessionFrom(res) == "" {
			t.Fatalf("the owner after five strangers' failures = %d %s", res.Status, res.Body)
		}
		// Five from one address make that address wait for this account,
		// right password too; the owner elsewhere is not held up.
		for range 5 {
			login("203.0.113.66", "geraden")
		}
		res := login("203.0.113.66", "een lang wachtwoord")
		if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" ||
			!strings.Contains(string(res.Body), "Probeer het over") {
			t.Errorf("the guessing address = %d %v", res.Status, res.Header)
		}
		if res := login("198.51.100.7", "een lang wachtwoord"); res.Status != http.StatusSeeOther {
			t.Errorf("the owner while a stranger waits = %d", res.Status)
		}
		// The wait doubles with every failure after the first five.
		e.clock.Add(time.Second)
		login("203.0.113.66", "geraden")
		e.clock.Add(time.Second)
		if res := login("203.0.113.66", "geraden"); res.Status != http.StatusTooManyRequests {
			t.Errorf("after the second wait began = %d", res.Status)
		}

		// Twenty failures from twenty addresses guard the account.
		for i := range 20 {
			login("192.0.2."+strconv.Itoa(i+1), "geraden")
		}
		wrong := login("198.51.100.8", "nog een gok")
		right := login("198.51.100.7", "een lang wachtwoord", "/complaints/K-2026-00001")
		if right.Status != http.StatusOK || sessionFrom(right) != "" ||
			!strings.Contains(string(right.Body), "extra beveiligd") {
			t.Fatalf("the right password on a guarded account = %d %s", right.Status, right.Body)
		}
		if wrong.Status != right.Status || !strings.Contains(string(wrong.Body), "extra beveiligd") {
			t.Errorf("a wrong password on a guarded account answers differently: %d", wrong.Status)
		}
		mail, ok, err := e.store.ClaimEmail(ctx, e.clock.Now(), time.Minute)
		if err != nil || !ok || mail.Recipient != "lisa@example.nl" || mail.Kind != "unlock_link" {
			t.Fatalf("unlock mail = %+v, %v, %v", mail, ok, err)
		}
		link := regexp.MustCompile(`http://klacht.test(/login/unlock/[^\s]+)`).FindStringSubmatch(mail.Body)
		if link == nil {
			t.Fatalf("no link in %q", mail.Body)
		}
		if _, more, _ := e.store.ClaimEmail(ctx, e.clock.Now(), time.Minute); more {
			t.Error("a second unlock mail within the quarter of an hour")
		}
		// Opening the link spends nothing; its button signs in, once.
		for range 2 {
			if res := e.page(link[1], ""); res.Status != http.StatusOK ||
				!strings.Contains(string(res.Body), "Verder met inloggen") {
				t.Fatalf("link page = %d", res.Status)
			}
		}
		u2, _ := url.Parse(link[1])
		done := e.form(u2.Path, "", url.Values{"next": {u2.Query().Get("next")}})
		if done.Status != http.StatusSeeOther || sessionFrom(done) == "" ||
			done.Header.Get("Location") != "/complaints/K-2026-00001" {
			t.Fatalf("unlock = %d %v", done.Status, done.Header)
		}
		if again := e.form(u2.Path, "", url.Values{}); again.Status != http.StatusNotFound {
			t.Errorf("the link used twice = %d", again.Status)
		}
		if res := login("198.51.100.7", "een lang wachtwoord"); res.Status != http.StatusSeeOther {
			t.Errorf("after the unlock = %d", res.Status)
		}
		log, _ := e.store.AuditLog(ctx, store.AuditFilter{}, 500)
		actions := map[string]int{}
		for _, en := range log {
			actions[en.Action]++
		}
		if actions["auth.locked"] != 1 || actions["auth.unlocked"] != 1 || actions["auth.delayed"] < 1 ||
			actions["auth.unlock_link_sent"] != 1 {
			t.Errorf("audit = %v", actions)
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
