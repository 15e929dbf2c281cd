package jobs

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

func TestDigestOncePerDay(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			anna := storetest.MustUser(t, s, "anna@example.nl", auth.RoleAgent)
			bo := storetest.MustUser(t, s, "bo@example.nl", auth.RoleAgent)
			if err := s.SetUserDigest(ctx, anna.ID, true); err != nil {
				t.Fatal(err)
			}
			s.SetUserDigest(ctx, bo.ID, true) // nothing assigned: no mail for Bo
			c, _ := complaint.New(storetest.Draft("Digest"), p, p.Terms(), anna.ID, storetest.T0)
			c.AssigneeID = anna.ID
			if _, _, err := s.CreateComplaint(ctx, c, store.CreateOptions{ReferencePrefix: "K", ReferenceYear: 2026}); err != nil {
				t.Fatal(err)
			}
			clk := &clock{t: time.Date(2026, 3, 3, 5, 0, 0, 0, time.UTC)} // 06:00 in Amsterdam
			d := &Digest{
				Store:   s,
				Profile: func() procedure.Profile { return p },
				Now:     clk.Now,
				Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
				Hour:    7,
				BaseURL: "https://klacht.example",
			}
			if n, _ := d.Tick(ctx); n != 0 {
				t.Errorf("queued %d before the hour", n)
			}
			clk.Set(time.Date(2026, 3, 3, 6, 30, 0, 0, time.UTC)) // 07:30
			d2 := *d
			n1, err1 := d.Tick(ctx)
			n2, err2 := d2.Tick(ctx)
			if err1 != nil || err2 != nil || n1+n2 != 1 {
				t.Errorf("two ticks queued %d+%d (%v, %v); want one digest", n1, n2, err1, err2)
			}
			clk.Set(time.Date(2026, 3, 4, 6, 30, 0, 0, time.UTC))
			if n, _ := d.Tick(ctx); n != 1 {
				t.Errorf("next day queued %d", n)
			}
			claim, ok, err := s.ClaimEmail(ctx, clk.Now(), time.Minute)
			if err != nil || !ok || claim.Recipient != "anna@example.nl" || !strings.Contains(claim.Body, "K-2026-00001") ||
				!strings.Contains(
					claim.Body,
					"https://klacht.example/complaints?assignee=me",
				) || !strings.Contains(claim.Subject, "1 open") {
				t.Errorf("digest = %+v, %v, %v", claim, ok, err)
			}
		})
	}
}
