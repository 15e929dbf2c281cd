package complaint

import (
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

func TestPause(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	open := Complaint{Status: InProgress, ReceivedAt: t0, DueAt: t0.AddDate(0, 0, 14)}
	paused := open
	paused.PausedAt = t0.Add(24 * time.Hour)
	closed := open
	closed.Status = Closed
	for _, c := range []struct {
		name   string
		c      Complaint
		reason string
		code   fault.Code
		field  string
	}{
		{"no reason", open, "  ", fault.Invalid, "reason"},
		{"reason too long", open, strings.Repeat("x", MaxReason+1), fault.Invalid, "reason"},
		{"closed", closed, "Welk lidnummer?", fault.Conflict, ""},
		{"already paused", paused, "Welk lidnummer?", fault.Conflict, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := c.c.Pause(c.reason, 1, t0)
			e, ok := fault.As(err)
			if !ok || e.Code != c.code || e.Field() != c.field {
				t.Errorf("err = %v, want %s on %q", err, c.code, c.field)
			}
		})
	}
	if _, _, err := open.Resume("staff", 1, t0); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("resume a running term = %v", err)
	}

	// Paused on day 10 for 3½ days: never overdue meanwhile, then the end
	// moves by the pause and the pause is added up.
	at := t0.AddDate(0, 0, 10)
	p, ev, err := open.Pause("Stuur ons de afschrijving", 1, at)
	if err != nil || ev.Kind != EventTermPaused || ev.Data["reason"] != "Stuur ons de afschrijving" || !p.Paused() {
		t.Fatalf("pause = %+v %v", ev, err)
	}
	if p.Overdue(t0.AddDate(0, 0, 20)) {
		t.Error("a paused term is overdue")
	}
	back := at.Add(84 * time.Hour)
	r, ev, err := p.Resume("complainant", 0, back)
	if err != nil || r.Paused() || r.PausedFor != 84*time.Hour || !r.DueAt.Equal(open.DueAt.Add(84*time.Hour)) {
		t.Fatalf("resume = %+v %v", r, err)
	}
	if ev.Kind != EventTermResumed || ev.Data["by"] != "complainant" || ev.Data["paused_hours"] != 84.0 {
		t.Errorf("resume event = %+v", ev)
	}
	if !r.Overdue(r.DueAt.Add(time.Minute)) || r.Overdue(open.DueAt.Add(time.Minute)) {
		t.Error("after the pause the term ends at the moved end")
	}
}
