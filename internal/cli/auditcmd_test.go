package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestAuditVerify is the acceptance of the audit log: one byte of one
// entry changed in the database makes `klacht audit verify` fail and name
// the entry.
func TestAuditVerify(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	db := "sqlite:" + path
	if code, _, errText := runCmd(t, "", nil, "migrate", "--db", db); code != 0 {
		t.Fatal(errText)
	}
	s := storetest.OpenDSN(t, db)
	ctx := audit.WithActor(store.System(context.Background()), audit.Actor{UserID: 1, Name: "Sanne", Role: "dpo", IP: "192.0.2.1"})
	for i := range 30 {
		if err := s.Audit(ctx, audit.Entry{Action: "complaint.read", Object: "K-2026-0000" + string(rune('1'+i%9)), Detail: "page"}); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errText := runCmd(t, "", nil, "audit", "verify", "--db", db); code != 0 || !strings.Contains(out, "intact: 30 entries") {
		t.Fatalf("intact log: exit %d %s %s", code, out, errText)
	}
	code, out, _ := runCmd(t, "", nil, "audit", "export", "--db", db, "--object", "K-2026-00003", "--format", "csv")
	if code != 0 || strings.Count(out, "\n") != 5 || !strings.Contains(out, "Sanne,dpo,192.0.2.1,complaint.read,K-2026-00003,page") {
		t.Errorf("export: exit %d\n%s", code, out)
	}
	if code, _, errText := runCmd(t, "", nil, "audit", "export", "--db", db, "--from", "yesterday"); code != 2 || !strings.Contains(errText, "--from") {
		t.Errorf("bad --from: exit %d %s", code, errText)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET detail = 'pagf' WHERE id = 12`} {
		if err := s.ExecForTest(store.System(context.Background()), q); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errText := runCmd(t, "", nil, "audit", "verify", "--db", db)
	if code != 1 || !strings.Contains(errText, "audit entry 12") || strings.Contains(out, "intact") {
		t.Errorf("changed entry: exit %d\nstdout %s\nstderr %s", code, out, errText)
	}
}
