package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash = %s", h)
	}
	if !VerifyPassword(h, "correct horse battery") || VerifyPassword(h, "correct horse batterY") {
		t.Error("verify wrong")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", strings.Replace(h, "m=65536", "m=x", 1)} {
		if VerifyPassword(bad, "correct horse battery") {
			t.Errorf("malformed hash %q verified", bad)
		}
	}
}

func TestSecret(t *testing.T) {
	a, ha, _ := NewSecret("klacht_")
	b, _, _ := NewSecret("klacht_")
	if a == b || !strings.HasPrefix(a, "klacht_") || HashSecret(a) != ha || len(ha) != 64 {
		t.Errorf("secrets %q %q hash %q", a, b, ha)
	}
}

func TestMatrix(t *testing.T) {
	for _, r := range Roles {
		if !Can(r, ComplaintRead) || !Can(r, SignedIn) || !Can(r, Public) {
			t.Errorf("%s cannot read complaints or sign in", r)
		}
		if !Can(r, ComplaintCreate) || !Can(r, ComplaintForward) {
			t.Errorf("%s cannot register or forward (P3.2)", r)
		}
		if Can(r, UserManage) != (r == RoleAdmin) || Can(r, ProfileManage) != (r == RoleAdmin) {
			t.Errorf("%s: user.manage = %v", r, Can(r, UserManage))
		}
	}
	if Can("intruder", SignedIn) || Can("", ComplaintRead) || !Can("", Public) {
		t.Error("unknown role allowed")
	}
}

func TestNewUser(t *testing.T) {
	u, err := NewUser(" Anna@Example.NL ", " Anna  Bakker ", RoleAgent, "", "")
	if err != nil || u.Email != "anna@example.nl" || u.Name != "Anna Bakker" || u.Lang != "nl" {
		t.Errorf("user = %+v, %v", u, err)
	}
	if _, err := NewUser("anna", "", "pilot", "", "de"); err == nil || !strings.Contains(err.Error(), "email") ||
		!strings.Contains(
			err.Error(),
			"name",
		) || !strings.Contains(err.Error(), "role") || !strings.Contains(err.Error(), "lang") {
		t.Errorf("bad user error = %v", err)
	}
	if CheckPassword("p", "short") == nil || CheckPassword("p", "long enough pass") != nil {
		t.Error("password length check wrong")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(2, time.Minute, func() time.Time { return now })
	l.Fail("a")
	l.Fail("a")
	if l.Allow("a") || !l.Allow("b") {
		t.Error("limit not applied per key")
	}
	now = now.Add(61 * time.Second)
	if !l.Allow("a") {
		t.Error("window did not slide")
	}
	l.Fail("a")
	l.Reset("a")
	if !l.Allow("a") {
		t.Error("reset did not clear")
	}
}
