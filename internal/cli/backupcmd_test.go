package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestBackupRestore: a backup taken while the database is open restores
// over a database that moved on since, and its audit chain is verified on
// the way; a tampered backup is refused and the database left alone.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "k.db")
	db := "sqlite:" + dbPath
	if code, _, errText := runCmd(t, "", nil, "seed", "--db", db, "--complaints", "200"); code != 0 {
		t.Fatal(errText)
	}
	live := openKeyed(t, db) // open, as a running server would be
	ctx := audit.WithActor(store.System(context.Background()), audit.Actor{Name: "Sanne"})
	for range 5 {
		if err := live.Audit(ctx, audit.Entry{Action: "complaint.read", Object: "K-2026-00001"}); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(dir, "backup.db")
	code, out, errText := runCmd(t, "", nil, "backup", backup, "--db", db)
	if code != 0 || !strings.Contains(out, "200 complaints, audit log intact") {
		t.Fatalf("backup: exit %d %s %s", code, out, errText)
	}
	if code, _, errText := runCmd(t, "", nil, "backup", backup, "--db", db); code != 1 ||
		!strings.Contains(errText, "exists") {
		t.Errorf("backup over an existing file: exit %d %s", code, errText)
	}
	// The database moves on after the backup.
	if code, _, errText := runCmd(t, "", nil, "seed", "--db", db, "--complaints", "50", "--force"); code != 0 {
		t.Fatal(errText)
	}
	live.Close()
	code, out, errText = runCmd(t, "", nil, "restore", backup, "--db", db)
	if code != 0 || !strings.Contains(out, "200 complaints, audit log intact") {
		t.Fatalf("restore: exit %d %s %s", code, out, errText)
	}
	s := openKeyed(t, db)
	if n, _ := s.CountComplaints(store.System(context.Background()), store.Filter{}); n != 200 {
		t.Errorf("after restore %d complaints, want 200", n)
	}
	if n, err := s.VerifyAudit(store.System(context.Background()), nil); err != nil || n < 5 {
		t.Errorf("restored audit log: %d entries, %v", n, err)
	}
	s.Close()
	// A tampered backup is refused; the database stays as it is.
	bad := openKeyed(t, "sqlite:"+backup, dbPath+".audit-key")
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET name = 'Mallory' WHERE id = 3`} {
		if err := storetest.Exec(t, bad, q); err != nil {
			t.Fatal(err)
		}
	}
	bad.Close()
	code, _, errText = runCmd(t, "", nil, "restore", backup, "--db", db)
	if code != 1 || !strings.Contains(errText, "audit entry 3") || !strings.Contains(errText, "nothing was changed") {
		t.Errorf("tampered restore: exit %d %s", code, errText)
	}
	if _, err := os.Stat(dbPath + ".restoring"); !os.IsNotExist(err) {
		t.Error("the restore's working copy was left behind")
	}
	if code, _, errText := runCmd(t, "", nil, "backup", filepath.Join(dir, "x.db"), "--db", "postgres://localhost/klacht"); code != 1 ||
		!strings.Contains(errText, "pg_dump") {
		t.Errorf("backup on PostgreSQL: exit %d %s", code, errText)
	}
}
