package report

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

func TestQuarterBounds(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	from, to := Quarter{2026, 1}.Bounds(ams)
	if from != time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC) || to != time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC) {
		t.Errorf("Q1 2026 = %v – %v", from, to)
	}
	if (Quarter{2026, 1}).Prev() != (Quarter{2025, 4}) ||
		Of(time.Date(2026, 9, 30, 22, 30, 0, 0, time.UTC), ams) != (Quarter{2026, 4}) {
		t.Error("Prev or Of wrong")
	}
	for _, bad := range [][2]string{{"x", "1"}, {"2026", "5"}, {"1999", "1"}} {
		if _, err := ParseQuarter(bad[0], bad[1]); err == nil {
			t.Errorf("ParseQuarter(%v) accepted", bad)
		}
	}
}

// TestQuarterly builds a quarter of known facts and a quarter before it,
// and checks the evaluation's figures on each database.
func TestQuarterly(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			loc := p.Location()
			agent := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			add := func(received time.Time, category string, handleAfter time.Duration, notice bool) {
				d := storetest.Draft("Eval")
				d.Category, d.ReceivedAt = category, received
				c := storetest.MustComplaint(t, s, agent, d, received)
				if !notice && handleAfter == 0 {
					return
				}
				_, err := s.UpdateComplaint(
					ctx,
					c.Reference,
					func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
						var evs []complaint.Event
						if notice {
							var ev complaint.Event
							c, ev, _ = c.NoticeDelay(c.DueAt.AddDate(0, 0, 10), "later", agent.ID, received.AddDate(0, 0, 12))
							evs = append(evs, ev)
						}
						if handleAfter > 0 {
							at := received.Add(handleAfter)
							c, e1, _ := c.MoveTo(complaint.InProgress, "", agent.ID, at)
							c, e2, err := c.Handle(
								complaint.Told{Via: "phone", By: "A", At: at, Summary: "ok", Satisfied: "yes"},
								agent.ID,
								at,
							)
							return c, append(evs, e1, e2), err
						}
						return c, evs, nil
					},
				)
				if err != nil {
					t.Fatal(err)
				}
			}
			q1 := time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)
			add(q1, "telemarketing", 2*24*time.Hour, false)                                  // within term, 2 days
			add(q1, "telemarketing", 4*24*time.Hour, false)                                  // within term, 4 days
			add(q1, "privacy", 20*24*time.Hour, true)                                        // late, with a notice
			add(q1.AddDate(0, 1, 0), "financial", 0, false)                                  // still open at the end, overdue
			add(time.Date(2025, 11, 5, 10, 0, 0, 0, time.UTC), "other", 24*time.Hour, false) // Q4 2025
			ev, err := Quarterly(ctx, s, Quarter{2026, 1}, loc, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			c := ev.Columns[0]
			if c.Quarter != "2026-Q1" || c.Received != 4 || c.Handled != 3 || c.WithinTerm != 2 || c.WithinTermPct != 66.7 ||
				c.DelayNotices != 1 || c.OpenAtEnd != 1 || c.OverdueAtEnd != 1 || c.MedianDays != 4 || c.SatisfiedPct != 100 {
				t.Errorf("Q1 = %+v", c)
			}
			if c.ByCategory[0].Key != "telemarketing" || c.ByCategory[0].N != 2 {
				t.Errorf("by category = %+v", c.ByCategory)
			}
			if prev := ev.Columns[1]; prev.Quarter != "2025-Q4" || prev.Received != 1 || len(ev.Columns) != 5 {
				t.Errorf("previous quarter = %+v", prev)
			}
			for lang, want := range map[i18n.Lang]string{
				i18n.NL: "figure,Cijfer,2026-Q1,2025-Q4,2025-Q3,2025-Q2,2025-Q1\nreceived,Ontvangen klachten,4,1,0,0,0\n",
				i18n.EN: "figure,Figure,2026-Q1,2025-Q4,2025-Q3,2025-Q2,2025-Q1\nreceived,Complaints received,4,1,0,0,0\n",
			} {
				var buf bytes.Buffer
				if err := ev.WriteCSV(&buf, lang, func(k string) string { return FigureLabel(p, lang, k) }); err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(buf.String(), want) {
					t.Errorf("csv in %s:\n%s", lang, buf.String()[:min(200, buf.Len())])
				}
			}
			_ = store.Filter{}
		})
	}
}

// TestPercentile: linear interpolation between the closest ranks, checked
// with small n where a rank method shows (the median of two is their mean).
func TestPercentile(t *testing.T) {
	days := func(ds ...float64) []float64 {
		out := make([]float64, len(ds))
		for i, d := range ds {
			out[i] = d * 24
		}
		return out
	}
	for _, tt := range []struct {
		name string
		in   []float64
		p    float64
		want float64
	}{
		{"none", nil, 0.5, 0},
		{"one", days(4), 0.5, 4},
		{"one, p90", days(4), 0.9, 4},
		{"two: the mean", days(2, 10), 0.5, 6},
		{"two, p90", days(2, 10), 0.9, 9.2},
		{"three: the middle", days(1, 5, 9), 0.5, 5},
		{"four: between the middle two", days(1, 2, 3, 10), 0.5, 2.5},
		{"four, p90", days(1, 2, 3, 10), 0.9, 7.9},
		{"ten, p90", days(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0.9, 9.1},
	} {
		if got := percentile(tt.in, tt.p); got != tt.want {
			t.Errorf("%s: percentile(%v, %v) = %v, want %v", tt.name, tt.in, tt.p, got, tt.want)
		}
	}
}

// TestQuarterEndedAndNoProjection: a running quarter may not be signed,
// and "over the term at the end" counts what is over its term now, not
// what will be by the quarter's end.
func TestQuarterEndedAndNoProjection(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	q := Quarter{2026, 1}
	for _, tt := range []struct {
		now  time.Time
		want bool
	}{
		{time.Date(2026, 3, 31, 21, 59, 59, 0, time.UTC), false},
		{time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		if got := q.Ended(tt.now, ams); got != tt.want {
			t.Errorf("Ended(%v) = %v", tt.now, got)
		}
	}
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			agent := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			d := storetest.Draft("Jan")
			d.ReceivedAt = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // due 16 March
			storetest.MustComplaint(t, s, agent, d, d.ReceivedAt)
			for _, tt := range []struct {
				now  time.Time
				want int
			}{
				{time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC), 0},
				{time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC), 1},
				{time.Time{}, 1},
			} {
				ev, err := Quarterly(ctx, s, q, p.Location(), tt.now)
				if err != nil {
					t.Fatal(err)
				}
				if got := ev.Columns[0].OverdueAtEnd; got != tt.want {
					t.Errorf("as at %v: %d over the term, want %d", tt.now, got, tt.want)
				}
			}
		})
	}
}

// TestKeptReportsAreTheSame: the evaluation, its recurring complaints and
// the yearly summary of periods that are over, kept after the first time
// (store.Remember), give what computing them anew gives, on both
// databases.
func TestKeptReportsAreTheSame(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			loc := p.Location()
			end := time.Date(2026, 5, 10, 12, 0, 0, 0, loc)
			if _, err := seed.Run(ctx, s, p, seed.Options{Complaints: 4000, End: end, Seed: 3}); err != nil {
				t.Fatal(err)
			}
			q := Of(end, loc).Prev()
			render := func() (string, string, string) {
				ev, err := Quarterly(ctx, s, q, loc, end)
				if err != nil {
					t.Fatal(err)
				}
				var csv bytes.Buffer
				if err := ev.WriteCSV(&csv, i18n.NL, func(k string) string { return k }); err != nil {
					t.Fatal(err)
				}
				rec, err := RecurringIn(ctx, s, q, loc, ev)
				if err != nil {
					t.Fatal(err)
				}
				a, err := BuildAnnual(ctx, s, p, 2025, i18n.NL)
				if err != nil {
					t.Fatal(err)
				}
				return csv.String(), fmt.Sprintf("%+v", rec), fmt.Sprintf("%+v", a)
			}
			csv1, rec1, annual1 := render()
			csv2, rec2, annual2 := render()
			if csv1 != csv2 || rec1 != rec2 || annual1 != annual2 {
				t.Errorf("kept reports differ from computed ones:\n%s\n%s\n%s\n%s\n%s\n%s", csv1, csv2, rec1, rec2, annual1, annual2)
			}
		})
	}
}
