package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// testAudit: changes to a complaint are logged with their actor in the
// change's transaction; writers racing each other keep one chain; the
// log refuses updates and deletes; a byte changed behind the triggers'
// back is found and the entry named.
func testAudit(t *testing.T, s *store.Store) {
	u := MustUser(t, s, "anna@example.nl", auth.RoleAgent)
	anna := audit.Actor{UserID: u.ID, Name: u.Name, Role: string(u.Role), IP: "192.0.2.7"}
	ctx := audit.WithActor(store.System(context.Background()), anna)
	c := MustComplaint(t, s, u, Draft("Audit"), T0)
	if _, err := s.UpdateComplaint(ctx, c.Reference, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.MoveTo(complaint.InProgress, "", u.ID, T0)
		return next, []complaint.Event{ev}, err
	}); err != nil {
		t.Fatal(err)
	}
	got, err := s.AuditLog(ctx, store.AuditFilter{Object: c.Reference}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Action != "complaint.status_changed" || got[0].Detail != "registered → in_progress" ||
		got[0].Actor != anna ||
		got[1].Action != "complaint.registered" {
		t.Fatalf("log of the complaint = %+v", got)
	}
	// Writers at the same time: one chain, no id twice.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 5 {
				if err := s.Audit(ctx, audit.Entry{At: T0, Action: "complaint.read", Object: c.Reference, Detail: string(rune('a' + i))}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	n, err := s.VerifyAudit(ctx, nil)
	if err != nil || n != 43 { // the user's creation, 2 changes, 40 reads
		t.Fatalf("verify = %d, %v; want 43 entries intact", n, err)
	}
	if reads, _ := s.AuditLog(ctx, store.AuditFilter{Action: "complaint.read", Actor: "ANNA"}, 100); len(reads) != 40 {
		t.Errorf("search by action and actor found %d, want 40", len(reads))
	}
	if page, _ := s.AuditLog(ctx, store.AuditFilter{Before: 10}, 100); len(page) != 9 || page[0].ID != 9 {
		t.Errorf("page before 10 = %d entries", len(page))
	}
	// Append-only: the database refuses.
	if err := Exec(t, s, `UPDATE audit_log SET detail = 'x' WHERE id = 5`); err == nil {
		t.Error("an audit entry was updated")
	}
	if err := Exec(t, s, `DELETE FROM audit_log WHERE id = 5`); err == nil {
		t.Error("an audit entry was deleted")
	}
	// Around the triggers, one byte changed is found, and where.
	dropAuditTriggers(t, s)
	if err := Exec(t, s, `UPDATE audit_log SET ip = '192.0.2.8' WHERE id = 17`); err != nil {
		t.Fatal(err)
	}
	_, err = s.VerifyAudit(ctx, nil)
	var b audit.Break
	if !errors.As(err, &b) || b.ID != 17 {
		t.Errorf("verify after a changed byte = %v, want a break at 17", err)
	}
}

// dropAuditTriggers does what someone tampering with the database would
// do first.
func dropAuditTriggers(t *testing.T, s *store.Store) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if s.Dialect() == store.Postgres {
		stmts = []string{`DROP TRIGGER audit_log_no_change ON audit_log`}
	}
	for _, q := range stmts {
		if err := Exec(t, s, q); err != nil {
			t.Fatal(err)
		}
	}
}
