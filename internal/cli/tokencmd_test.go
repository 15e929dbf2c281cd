package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenRoles(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	for _, c := range []struct {
		name, stdin string
		args        []string
		code        int
		out, errOut string
	}{
		{"add coordinator", "a long password\n", []string{"user", "add", "--db", db, "--email", "c@example.nl", "--name", "Carla", "--role", "coordinator"}, 0, "added", ""},
		{"narrower role", "", []string{"token", "create", "--db", db, "--email", "c@example.nl", "--name", "reports", "--role", "manager", "--expires", "30d"}, 0, "klacht_", ""},
		{"wider role refused", "", []string{"token", "create", "--db", db, "--email", "c@example.nl", "--role", "admin"}, 2, "", "may not see or do more than its user"},
		{"unknown role", "", []string{"token", "create", "--db", db, "--email", "c@example.nl", "--role", "pilot"}, 2, "", "--role"},
		{"list", "", []string{"token", "list", "--db", db, "--email", "c@example.nl"}, 0, "reports  manager", ""},
		{"revoke", "", []string{"token", "revoke", "--db", db, "--id", "1"}, 0, "token 1 revoked", ""},
		{"revoke again", "", []string{"token", "revoke", "--db", db, "--id", "1"}, 1, "", "revoked already"},
		{"revoke unknown", "", []string{"token", "revoke", "--db", db, "--id", "99"}, 1, "", "No API token"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, c.stdin, nil, c.args...)
			if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errOut, c.errOut) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, c.code, out, errOut)
			}
		})
	}
}

func TestUserTOTPReset(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	runCmd(
		t,
		"a long password\n",
		nil,
		"user",
		"add",
		"--db",
		db,
		"--email",
		"d@example.nl",
		"--name",
		"D",
		"--role",
		"dpo",
	)
	if code, out, errOut := runCmd(t, "", nil, "user", "totp-reset", "--db", db, "--email", "d@example.nl"); code != 0 ||
		!strings.Contains(out, "removed") {
		t.Errorf("reset: exit %d %s %s", code, out, errOut)
	}
	if code, _, _ := runCmd(t, "", nil, "user", "totp-reset", "--db", db, "--email", "x@example.nl"); code != 1 {
		t.Errorf("unknown user: exit %d", code)
	}
}
