package jobs

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestAppealWatch is P8.2's acceptance: an appeal the board has not
// decided by day 31 is overdue and escalated once, with two watchers on
// one database; a week before, the board was reminded once.
func TestAppealWatch(t *testing.T) {
	dsns := map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN}
	if _, ok := storetest.Dialects()["postgres"]; ok {
		dsns["postgres"] = storetest.PostgresDSN
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			addr := dsn(t)
			s1, s2 := storetest.OpenDSN(t, addr), storetest.OpenDSN(t, addr)
			ctx := store.System(context.Background())
			p, _ := s1.LoadProfile(ctx)
			agent := storetest.MustUser(t, s1, "agent@example.nl", auth.RoleAgent)
			board := storetest.MustUser(t, s1, "bestuur@example.nl", auth.RoleBoard)
			c := storetest.MustComplaint(t, s1, agent, storetest.Draft("Beroep"), storetest.T0)
			c, err := s1.UpdateComplaint(
				ctx,
				c.Reference,
				func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
					c, e1, _ := c.MoveTo(complaint.InProgress, "", agent.ID, storetest.T0)
					c, e2, err := c.Handle(
						complaint.Told{Via: "phone", By: "Anna", At: storetest.T0, Summary: "Uitgelegd"},
						agent.ID,
						storetest.T0,
					)
					return c, []complaint.Event{e1, e2}, err
				},
			)
			if err != nil {
				t.Fatal(err)
			}
			day0 := storetest.T0.Add(time.Hour)
			a, err := complaint.FileAppeal(c, "Oneens", 0, p.AppealTerm(), p.Calendar(), day0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s1.FileAppeal(ctx, a, complaint.Event{At: day0, Kind: complaint.EventAppealFiled, Data: map[string]any{}}); err != nil {
				t.Fatal(err)
			}
			if _, err := s1.FileAppeal(ctx, a, complaint.Event{At: day0, Kind: complaint.EventAppealFiled, Data: map[string]any{}}); err == nil {
				t.Error("a second open appeal on one complaint was filed")
			}
			clk := &clock{t: day0}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			prof := func() procedure.Profile { return p }
			w1 := &AppealWatch{Store: s1, Profile: prof, Now: clk.Now, Log: log}
			w2 := &AppealWatch{Store: s2, Profile: prof, Now: clk.Now, Log: log}
			for h := 0; h <= 31*24; h += 6 {
				clk.Set(day0.Add(time.Duration(h) * time.Hour))
				var wg sync.WaitGroup
				for _, w := range []*AppealWatch{w1, w2} {
					wg.Add(1)
					go func() { defer wg.Done(); w.Tick(ctx) }()
				}
				wg.Wait()
			}
			events, _ := s1.Timeline(ctx, c.ID)
			count := map[complaint.EventKind]int{}
			var overdueAt time.Time
			for _, e := range events {
				count[e.Kind]++
				if e.Kind == complaint.EventAppealOverdue {
					overdueAt = e.At
				}
			}
			if count[complaint.EventAppealReminder] != 1 || count[complaint.EventAppealOverdue] != 1 {
				t.Errorf(
					"reminders %d, overdue %d; want one each",
					count[complaint.EventAppealReminder],
					count[complaint.EventAppealOverdue],
				)
			}
			if overdueAt.Before(day0.AddDate(0, 0, 30)) {
				t.Errorf("overdue at %v, before the 30 days passed", overdueAt)
			}
			got, _ := s1.Appeals(ctx, true, 10)
			if len(got) != 1 || !got[0].Overdue(clk.Now()) {
				t.Errorf("appeal not overdue on day 31: %+v", got)
			}
			notes, _, _ := s1.Notifications(ctx, board.ID, 10)
			if kinds(notes) != "appeal_overdue appeal_reminder" {
				t.Errorf("board heard %q", kinds(notes))
			}
			_ = store.Filter{}
		})
	}
}
