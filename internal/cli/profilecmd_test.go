package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/store"
)

// TestProfileCommands: klacht profile list names the shipped profiles;
// apply installs one on an empty register and refuses an unknown one, or
// a register with complaints.
func TestProfileCommands(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	code, out, errText := runCmd(t, "", nil, "profile", "list", "--lang", "en")
	if code != 0 || !strings.Contains(out, "awb9") || !strings.Contains(out, "wkkgz") || !strings.Contains(out, "iso10002") {
		t.Fatalf("list = %d %q %q", code, out, errText)
	}
	if code, _, errText := runCmd(t, "", nil, "profile", "apply", "nope", "--db", db, "--lang", "en"); code == 0 ||
		!strings.Contains(errText, "no profile nope") {
		t.Errorf("an unknown profile = %d %q", code, errText)
	}
	if code, _, errText := runCmd(t, "", nil, "profile", "apply", "--db", db); code != 2 || !strings.Contains(errText, "give the profile") {
		t.Errorf("no name = %d %q", code, errText)
	}
	if code, out, errText := runCmd(t, "", nil, "profile", "apply", "awb9", "--db", db, "--lang", "en"); code != 0 ||
		!strings.Contains(out, "awb9 is installed") {
		t.Fatalf("apply = %d %q %q", code, out, errText)
	}
	s := openKeyed(t, db)
	p, err := s.LoadProfile(store.System(context.Background()))
	if err != nil || p.ReferencePrefix != "KL" || !p.Hearing || p.Organisation != "Gemeente Voorbeeld" {
		t.Errorf("after apply: %+v %v", p.ReferencePrefix, err)
	}
}
