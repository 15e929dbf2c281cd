package jobs

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// TestTermWatchDayZeroToFifteen is P5.4's acceptance: a complaint taken
// from day 0 to day 15 hour by hour, with two schedulers on one database
// (two connections, as two servers have), gets exactly one reminder and
// one escalation, ends overdue and, lacking a written notice, flagged as a
// breach of the procedure (P5.5); a restarted scheduler adds nothing.
func TestTermWatchDayZeroToFifteen(t *testing.T) {
	dsns := map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN}
	if _, ok := storetest.Dialects()["postgres"]; ok {
		dsns["postgres"] = storetest.PostgresDSN
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			addr := dsn(t)
			s1 := storetest.OpenDSN(t, addr)
			s2 := storetest.OpenDSN(t, addr) // the second server
			ctx := store.System(context.Background())
			p, _ := s1.LoadProfile(ctx)
			agent := storetest.MustUser(t, s1, "agent@example.nl", auth.RoleAgent)
			coord := storetest.MustUser(t, s1, "coord@example.nl", auth.RoleCoordinator)

			day0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			register := func(name string) complaint.Complaint {
				d := storetest.Draft(name)
				d.ReceivedAt = day0
				c, err := complaint.New(d, p, p.Terms(), agent.ID, day0)
				if err != nil {
					t.Fatal(err)
				}
				c.Team, c.AssigneeID = "servicelijn", agent.ID
				c, _, err = s1.CreateComplaint(ctx, c, store.CreateOptions{ReferencePrefix: "K", ReferenceYear: 2026})
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			late := register("Laat")
			noticed := register("Gemeld")
			handled := register("Snel")

			clk := &clock{t: day0}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			profile := func() procedure.Profile { return p }
			w1 := &TermWatch{Store: s1, Profile: profile, Now: clk.Now, Log: log, Batch: 2}
			w2 := &TermWatch{Store: s2, Profile: profile, Now: clk.Now, Log: log, Batch: 2}
			tickBoth := func() {
				var wg sync.WaitGroup
				for _, w := range []*TermWatch{w1, w2} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := w.Tick(ctx); err != nil {
							t.Errorf("tick: %v", err)
						}
					}()
				}
				wg.Wait()
			}
			for h := 0; h <= 15*24; h++ {
				now := day0.Add(time.Duration(h) * time.Hour)
				clk.Set(now)
				switch h {
				case 2 * 24: // handled on day 2: the watch leaves it alone
					if _, err := s1.UpdateComplaint(ctx, handled.Reference, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
						c, e1, _ := c.MoveTo(complaint.InProgress, "", agent.ID, now)
						c, e2, err := c.MoveTo(complaint.Handled, "", agent.ID, now)
						return c, []complaint.Event{e1, e2}, err
					}); err != nil {
						t.Fatal(err)
					}
				case 12 * 24: // P5.5: a written notice of delay on day 12
					if _, err := s1.UpdateComplaint(ctx, noticed.Reference, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
						c, ev, err := c.NoticeDelay(day0.AddDate(0, 0, 28), "Wacht op de bank", agent.ID, now)
						return c, []complaint.Event{ev}, err
					}); err != nil {
						t.Fatal(err)
					}
				}
				tickBoth()
			}

			count := func(c complaint.Complaint, kind complaint.EventKind) (int, time.Time) {
				events, err := s1.Timeline(ctx, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				n, at := 0, time.Time{}
				for _, e := range events {
					if e.Kind == kind {
						n++
						at = e.At
					}
				}
				return n, at
			}
			for _, c := range []complaint.Complaint{late, noticed} {
				n, at := count(c, complaint.EventReminder)
				if n != 1 || at.Before(day0.AddDate(0, 0, 10)) || at.After(day0.AddDate(0, 0, 10).Add(time.Hour)) {
					t.Errorf("%s: %d reminders, last at %v; want one on day 10", c.Reference, n, at)
				}
				n, at = count(c, complaint.EventEscalated)
				if n != 1 || at.Before(day0.AddDate(0, 0, 14)) || at.After(day0.AddDate(0, 0, 14).Add(time.Hour)) {
					t.Errorf("%s: %d escalations, last at %v; want one on day 14", c.Reference, n, at)
				}
			}
			for _, kind := range []complaint.EventKind{complaint.EventReminder, complaint.EventEscalated} {
				if n, _ := count(handled, kind); n != 0 {
					t.Errorf("the handled complaint got %d %s events", n, kind)
				}
			}
			day15 := clk.Now()
			got, _ := s1.Complaint(ctx, late.Reference)
			if !got.Overdue(day15) || !got.Breach(day15) {
				t.Errorf("late complaint: overdue %v, breach %v; want both", got.Overdue(day15), got.Breach(day15))
			}
			got, _ = s1.Complaint(ctx, noticed.Reference)
			if !got.Overdue(day15) || got.Breach(day15) {
				t.Errorf(
					"noticed complaint: overdue %v, breach %v; want overdue without breach",
					got.Overdue(day15),
					got.Breach(day15),
				)
			}
			// Who heard of it: the handler of the reminders, the coordinator
			// (and the handler) of the escalations.
			agentNotes, _, _ := s1.Notifications(ctx, agent.ID, 50)
			coordNotes, _, _ := s1.Notifications(ctx, coord.ID, 50)
			if kinds(agentNotes) != "escalated escalated reminder reminder" || kinds(coordNotes) != "escalated escalated" {
				t.Errorf("agent heard %q, coordinator %q", kinds(agentNotes), kinds(coordNotes))
			}
			// A restart (a fresh scheduler) sends nothing twice.
			w3 := &TermWatch{Store: s2, Profile: profile, Now: clk.Now, Log: log}
			if n, err := w3.Tick(ctx); err != nil || n != 0 {
				t.Errorf("restarted tick fired %d, %v", n, err)
			}
		})
	}
}

func kinds(ns []store.Notification) string {
	out := ""
	for i, n := range ns {
		if i > 0 {
			out += " "
		}
		out += string(n.Kind)
	}
	return out
}

// TestTermWatchWorkingDays: with the term in working days on the Dutch
// calendar (and Good Friday a closing day), the reminder and escalation
// come at the end of their working days across Easter and across King's
// Day and Liberation Day, not a day before.
func TestTermWatchWorkingDays(t *testing.T) {
	dsns := map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN}
	if _, ok := storetest.Dialects()["postgres"]; ok {
		dsns["postgres"] = storetest.PostgresDSN
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := storetest.OpenDSN(t, dsn(t))
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			p.HandlingDays, p.ReminderDays, p.HandlingUnit = 10, 7, complaint.WorkingDays
			p.Holidays, p.ClosingDays = complaint.DutchHolidays, []string{"2026-04-03"}
			ams := p.Location()
			agent := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			register := func(received time.Time) complaint.Complaint {
				d := storetest.Draft("Werkdagen")
				d.ReceivedAt = received
				c, err := complaint.New(d, p, p.Terms(), agent.ID, received)
				if err != nil {
					t.Fatal(err)
				}
				c.Team, c.AssigneeID = "servicelijn", agent.ID
				c, _, err = s.CreateComplaint(ctx, c, store.CreateOptions{ReferencePrefix: "K", ReferenceYear: 2026})
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			endOf := func(y int, m time.Month, d int) time.Time {
				return time.Date(y, m, d, 23, 59, 59, 0, ams).UTC()
			}
			cases := []struct {
				c                  complaint.Complaint
				reminder, escalate time.Time
			}{
				// Thu 2 = 1, Good Friday closed, Easter Monday off, 7–10 = 2–5,
				// 13–14 = 6–7 (reminder), 15–17 = 8–10.
				{register(time.Date(2026, 4, 1, 9, 0, 0, 0, ams)), endOf(2026, 4, 14), endOf(2026, 4, 17)},
				// Fri 24 April; King's Day Mon 27; 28–30, 1 May = 1–4; 4 May = 5;
				// Liberation Day; 6–7 = 6–7 (reminder); 8, 11, 12 = 8–10.
				{register(time.Date(2026, 4, 24, 15, 0, 0, 0, ams)), endOf(2026, 5, 7), endOf(2026, 5, 12)},
			}
			for i, c := range cases {
				if !c.c.DueAt.Equal(c.escalate) {
					t.Errorf("case %d: due %v, want %v", i, c.c.DueAt.In(ams), c.escalate.In(ams))
				}
			}
			clk := &clock{}
			w := &TermWatch{Store: s, Profile: func() procedure.Profile { return p }, Now: clk.Now,
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			for now := time.Date(2026, 4, 1, 10, 0, 0, 0, ams); now.Before(time.Date(2026, 5, 14, 0, 0, 0, 0, ams)); now = now.Add(time.Hour) {
				clk.Set(now)
				if _, err := w.Tick(ctx); err != nil {
					t.Fatal(err)
				}
			}
			for i, c := range cases {
				events, err := s.Timeline(ctx, c.c.ID)
				if err != nil {
					t.Fatal(err)
				}
				got := map[complaint.EventKind][]time.Time{}
				for _, e := range events {
					got[e.Kind] = append(got[e.Kind], e.At)
				}
				for kind, want := range map[complaint.EventKind]time.Time{
					complaint.EventReminder: c.reminder, complaint.EventEscalated: c.escalate,
				} {
					at := got[kind]
					if len(at) != 1 || at[0].Before(want) || at[0].After(want.Add(time.Hour)) {
						t.Errorf("case %d: %s at %v, want once within the hour after %v", i, kind, at, want.In(ams))
					}
				}
			}
		})
	}
}

// TestMeasureWatch: a measure's owner is reminded three working days
// before its term (across King's Day) and, once it has passed undone,
// the owner and the coordinators hear once; a measure done in time gets
// nothing more.
func TestMeasureWatch(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			p.HandlingUnit, p.Holidays = complaint.WorkingDays, complaint.DutchHolidays
			ams := p.Location()
			agent := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			coord := storetest.MustUser(t, s, "coord@example.nl", auth.RoleCoordinator)
			start := time.Date(2026, 4, 20, 9, 0, 0, 0, ams)
			c := storetest.MustComplaint(t, s, agent, storetest.Draft("Maatregel"), start)
			due := time.Date(2026, 4, 30, 23, 59, 59, 0, ams) // Thursday
			set := func(what string) complaint.Measure {
				m, err := s.AddMeasure(ctx, c.Reference, func(c complaint.Complaint) (complaint.Measure, complaint.Event, error) {
					return complaint.SetMeasure(c, what, agent.ID, due, coord.ID, start)
				})
				if err != nil {
					t.Fatal(err)
				}
				return m
			}
			late, kept := set("Script aanpassen"), set("Excuses sturen")
			// A part of the complaint with the same term follows the same watch.
			if _, err := s.AddPart(ctx, c.Reference, func(c complaint.Complaint) (complaint.Part, complaint.Event, error) {
				return complaint.SplitPart(c, "Dubbel afgeschreven", "ledenadministratie", agent.ID, due, p, coord.ID, start)
			}); err != nil {
				t.Fatal(err)
			}
			clk := &clock{}
			w := &TermWatch{Store: s, Profile: func() procedure.Profile { return p }, Now: clk.Now,
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			for now := start; now.Before(time.Date(2026, 5, 6, 0, 0, 0, 0, ams)); now = now.Add(time.Hour) {
				clk.Set(now)
				if now.Equal(time.Date(2026, 4, 29, 9, 0, 0, 0, ams)) {
					if _, err := s.CompleteMeasure(ctx, c.Reference, kept.ID, func(_ complaint.Complaint, m complaint.Measure) (complaint.Measure, complaint.Event, error) {
						return m.Complete("Verstuurd", agent.ID, now)
					}); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := w.Tick(ctx); err != nil {
					t.Fatal(err)
				}
			}
			events, _ := s.Timeline(ctx, c.ID)
			got := map[complaint.EventKind][]time.Time{}
			for _, e := range events {
				if what, _ := e.Data["what"].(string); what == late.What {
					got[e.Kind] = append(got[e.Kind], e.At)
				}
			}
			// The term (Thursday the 30th) is within three working days from
			// Friday the 24th on: King's Day, Monday the 27th, is none, so
			// the three are the 28th, 29th and 30th.
			if r := got[complaint.EventMeasureReminder]; len(r) != 1 || !r[0].Equal(time.Date(2026, 4, 24, 0, 0, 0, 0, ams).UTC()) {
				t.Errorf("reminders at %v, want one at the start of 24 April", r)
			}
			if o := got[complaint.EventMeasureOverdue]; len(o) != 1 || !o[0].Equal(time.Date(2026, 5, 1, 0, 0, 0, 0, ams).UTC()) {
				t.Errorf("overdue at %v, want one in the first hour after the term", o)
			}
			for _, e := range events {
				if what, _ := e.Data["what"].(string); what == kept.What && e.Kind == complaint.EventMeasureOverdue {
					t.Error("the measure done in time was reported overdue")
				}
			}
			var partSteps []string
			for _, e := range events {
				if e.Kind == complaint.EventPartReminder || e.Kind == complaint.EventPartOverdue {
					partSteps = append(partSteps, string(e.Kind)+"@"+e.At.In(ams).Format("01-02 15:04"))
				}
			}
			if strings.Join(partSteps, " ") != "part_reminder@04-24 00:00 part_overdue@05-01 00:00" {
				t.Errorf("the part's steps: %v", partSteps)
			}
			notes, _, _ := s.Notifications(ctx, coord.ID, 10)
			if k := kinds(notes); !strings.Contains(k, "measure_overdue") || strings.Count(k, "measure") != 1 ||
				strings.Count(k, "part_overdue") != 1 {
				t.Errorf("the coordinator heard %q", kinds(notes))
			}
		})
	}
}
