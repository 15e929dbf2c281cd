package cli

import (
	"context"
	"path/filepath"
	"slices"
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
	s := openKeyed(t, db)
	ctx := audit.WithActor(
		store.System(context.Background()),
		audit.Actor{UserID: 1, Name: "Sanne", Role: "dpo", IP: "192.0.2.1"},
	)
	for i := range 30 {
		if err := s.Audit(ctx, audit.Entry{Action: "complaint.read", Object: "K-2026-0000" + string(rune('1'+i%9)), Detail: "page"}); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errText := runCmd(t, "", nil, "audit", "verify", "--db", db); code != 0 ||
		!strings.Contains(out, "intact: 30 entries") {
		t.Fatalf("intact log: exit %d %s %s", code, out, errText)
	}
	code, out, _ := runCmd(t, "", nil, "audit", "export", "--db", db, "--object", "K-2026-00003", "--format", "csv")
	if code != 0 || strings.Count(out, "\n") != 5 ||
		!strings.Contains(out, "Sanne,dpo,192.0.2.1,complaint.read,K-2026-00003,page") {
		t.Errorf("export: exit %d\n%s", code, out)
	}
	if code, _, errText := runCmd(t, "", nil, "audit", "export", "--db", db, "--from", "yesterday"); code != 2 ||
		!strings.Contains(errText, "--from") {
		t.Errorf("bad --from: exit %d %s", code, errText)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET detail = 'pagf' WHERE id = 12`} {
		if err := storetest.Exec(t, s, q); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errText := runCmd(t, "", nil, "audit", "verify", "--db", db)
	if code != 1 || !strings.Contains(errText, "audit entry 12") || strings.Contains(out, "intact") {
		t.Errorf("changed entry: exit %d\nstdout %s\nstderr %s", code, out, errText)
	}
}

// TestAuditVerifyDetectsTailAndRewrite: with the chain keyed
// and a checkpoint kept outside the database, `klacht audit verify` fails,
// naming what is missing, after the last entry is deleted, after every
// entry is deleted, and after one entry is changed and the chain after it
// recomputed.
func TestAuditVerifyDetectsTailAndRewrite(t *testing.T) {
	ctx := store.System(context.Background())
	setup := func(t *testing.T) (db, checkpoint string, s *store.Store) {
		path := filepath.Join(t.TempDir(), "k.db")
		db = "sqlite:" + path
		if code, _, errText := runCmd(t, "", nil, "migrate", "--db", db); code != 0 {
			t.Fatal(errText)
		}
		s = openKeyed(t, db)
		for i := range 30 {
			if err := s.Audit(ctx, audit.Entry{Action: "complaint.read", Object: "K-2026-0000" + string(rune('1'+i%9))}); err != nil {
				t.Fatal(err)
			}
		}
		code, out, errText := runCmd(t, "", nil, "audit", "checkpoint", "--db", db)
		if code != 0 || !strings.Contains(out, `"mac"`) {
			t.Fatalf("checkpoint: exit %d %s %s", code, out, errText)
		}
		checkpoint = path + ".audit-checkpoints"
		if code, out, errText := runCmd(t, "", nil, "audit", "verify", "--db", db); code != 0 ||
			!strings.Contains(out, "checkpoints agree") {
			t.Fatalf("intact log: exit %d %s %s", code, out, errText)
		}
		for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`} {
			if err := storetest.Exec(t, s, q); err != nil {
				t.Fatal(err)
			}
		}
		return db, checkpoint, s
	}
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, s *store.Store)
		want   string
	}{
		{"the last entry deleted", func(t *testing.T, s *store.Store) {
			must(t, storetest.Exec(t, s, `DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)`))
		}, "entries 3"},
		{"every entry deleted", func(t *testing.T, s *store.Store) {
			must(t, storetest.Exec(t, s, `DELETE FROM audit_log`))
		}, "every entry was removed"},
		{"one entry changed, the chain recomputed", func(t *testing.T, s *store.Store) {
			entries, err := s.AuditLog(ctx, store.AuditFilter{}, 1000)
			must(t, err)
			slices.Reverse(entries)
			entries[11].Detail = "nooit gelezen"
			// Recomputed as the database's owner can: without the key, and
			// with a key of their own.
			for i := 11; i < len(entries); i++ {
				var k *audit.Key
				if i%2 == 0 {
					k = &audit.Key{ID: entries[i].KeyID, Secret: []byte("a key of the attacker's own, 32 bytes")}
				}
				entries[i].Seal(entries[i-1].ID, entries[i-1].Hash, k)
				must(t, storetest.Exec(t, s, `UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ?, key_id = ? WHERE id = ?`,
					entries[i].Detail, entries[i].Prev, entries[i].Hash, entries[i].KeyID, entries[i].ID))
			}
		}, "audit entry 12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, checkpoint, s := setup(t)
			tc.tamper(t, s)
			code, out, errText := runCmd(t, "", nil, "audit", "verify", "--db", db, "--checkpoint", checkpoint)
			if code != 1 || !strings.Contains(errText, tc.want) || strings.Contains(out, "intact") {
				t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errText)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
