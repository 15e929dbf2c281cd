package jobs

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestAuditCheckpoints: every tick adds a signed checkpoint
// to the file; on Monday morning the data protection officers get it by
// mail, once a week however many servers tick.
func TestAuditCheckpoints(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ring, _, err := audit.LoadKeyFile(filepath.Join(t.TempDir(), "key"), true)
			if err != nil {
				t.Fatal(err)
			}
			s.SetAuditKeys(ring)
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			storetest.MustUser(t, s, "dpo@example.nl", auth.RoleDPO)
			storetest.MustUser(t, s, "coord@example.nl", auth.RoleCoordinator)
			file := filepath.Join(t.TempDir(), "checkpoints")
			clk := &clock{t: time.Date(2026, 3, 8, 9, 0, 0, 0, time.UTC)} // a Sunday
			a := &AuditCheckpoints{Store: s, Profile: func() procedure.Profile { return p }, Now: clk.Now, File: file,
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			if n, err := a.Tick(ctx); err != nil || n != 0 {
				t.Fatalf("Sunday: %d mails, %v", n, err)
			}
			clk.Set(time.Date(2026, 3, 9, 7, 0, 0, 0, time.UTC)) // Monday 08:00 in Amsterdam
			b := *a
			n1, err1 := a.Tick(ctx)
			n2, err2 := b.Tick(ctx)
			if err1 != nil || err2 != nil || n1+n2 != 1 {
				t.Fatalf("Monday: %d+%d mails (%v, %v), want one to the one DPO", n1, n2, err1, err2)
			}
			f, _ := os.Open(file)
			defer f.Close()
			cps, err := audit.ReadCheckpoints(f)
			if err != nil || len(cps) != 3 {
				t.Fatalf("%d checkpoints in the file, %v", len(cps), err)
			}
			if err := s.CheckAuditCheckpoints(ctx, cps); err != nil {
				t.Errorf("the log against its checkpoints: %v", err)
			}
			mail, ok, err := s.ClaimEmail(ctx, clk.Now(), time.Minute)
			if err != nil || !ok || mail.Recipient != "dpo@example.nl" || !strings.Contains(mail.Body, `"mac"`) {
				t.Fatalf("mail %+v, %v, %v", mail, ok, err)
			}
			read, _ := audit.ReadCheckpoints(strings.NewReader(mail.Body))
			if len(read) != 1 || read[0].Verify(ring) != nil {
				t.Errorf("the mail's checkpoint does not verify: %+v", read)
			}
		})
	}
}
