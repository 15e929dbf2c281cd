package complaint

import (
	"testing"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

// wantFault checks err against a code and a field; code "" wants no error.
func wantFault(t *testing.T, err error, code fault.Code, field string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("err = %v, want none", err)
		}
		return
	}
	e, ok := fault.As(err)
	if !ok || e.Code != code || e.Field() != field {
		t.Fatalf("err = %v, want %s on %q", err, code, field)
	}
}

func TestFileAppeal(t *testing.T) {
	handled := Complaint{ID: 7, Reference: "K-2026-00007", Status: Handled}
	for _, c := range []struct {
		name    string
		c       Complaint
		grounds string
		code    fault.Code
		field   string
	}{
		{"handled", handled, " Oneens. ", "", ""},
		{"closed", Complaint{Status: Closed}, "Oneens.", "", ""},
		{"no grounds", handled, "  ", fault.Invalid, "grounds"},
		{"not handled", Complaint{Status: InProgress}, "Oneens.", fault.Conflict, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := FileAppeal(c.c, c.grounds, 3, Term{N: 30, Unit: Days}, Calendar{Location: ams}, now)
			wantFault(t, err, c.code, c.field)
			if err == nil && (a.Grounds != "Oneens." || a.FiledBy != 3 || !a.DueAt.Equal(DueAt(now, 30, ams)) || !a.Open()) {
				t.Errorf("appeal = %+v", a)
			}
		})
	}
	// 30 calendar days where the organisation is: across the change to
	// summer time the term ends at the same hour of the clock on the wall.
	filed := time.Date(2026, 3, 20, 10, 0, 0, 0, ams)
	a, _ := FileAppeal(handled, "x", 0, Term{N: 30, Unit: Days}, Calendar{Location: ams}, filed)
	if got := a.DueAt.In(ams); got.Hour() != 10 || got.Day() != 19 || got.Month() != time.April {
		t.Errorf("due %v, want 19 April 10:00 in Amsterdam", got)
	}
}

func TestDecide(t *testing.T) {
	open := Appeal{ID: 1, DueAt: now.AddDate(0, 0, 30)}
	decided := open
	decided.DecidedAt = now
	for _, c := range []struct {
		name, decision, reasoning string
		a                         Appeal
		code                      fault.Code
		field                     string
	}{
		{"upheld", Upheld, "De klager heeft gelijk.", open, "", ""},
		{"partly", PartlyUpheld, "Deels.", open, "", ""},
		{"no decision", "", "Deels.", open, fault.Invalid, "decision"},
		{"unknown decision", "maybe", "Deels.", open, fault.Invalid, "decision"},
		{"no reasoning", Rejected, " ", open, fault.Invalid, "reasoning"},
		{"decided before", Rejected, "Nee.", decided, fault.Conflict, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := c.a.Decide(c.decision, c.reasoning, 9, now)
			wantFault(t, err, c.code, c.field)
			if err == nil && (a.Open() || a.Decision != c.decision || a.DecidedBy != 9) {
				t.Errorf("decided = %+v", a)
			}
		})
	}
}

func TestAppealSteps(t *testing.T) {
	reminder := AppealStep{Kind: AppealStepReminder, DaysBefore: 7}
	overdue := AppealStep{Kind: AppealStepOverdue}
	for _, c := range []struct {
		name string
		step AppealStep
		due  time.Time
		done bool
		want bool
	}{
		{"reminder, a week to go", reminder, now.AddDate(0, 0, 7), false, true},
		{"reminder, more than a week", reminder, now.AddDate(0, 0, 8), false, false},
		{"reminder, decided", reminder, now.AddDate(0, 0, 1), true, false},
		{"overdue, due exactly now", overdue, now, false, false},
		{"overdue, a second late", overdue, now.Add(-time.Second), false, true},
		{"overdue, decided late", overdue, now.AddDate(0, 0, -1), true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := Appeal{ID: 5, DueAt: c.due}
			if c.done {
				a.DecidedAt = now
			}
			if got := c.step.Due(a, now, Calendar{Location: ams}); got != c.want {
				t.Errorf("Due = %v, want %v", got, c.want)
			}
		})
	}
	if ev := overdue.Event(Appeal{ID: 5, DueAt: now}, now); ev.Kind != EventAppealOverdue ||
		ev.Data["appeal_id"] != int64(5) {
		t.Errorf("overdue event = %+v", ev)
	}
	if ev := reminder.Event(Appeal{ID: 5, DueAt: now}, now); ev.Kind != EventAppealReminder {
		t.Errorf("reminder event = %+v", ev)
	}
}

func TestAssign(t *testing.T) {
	c := Complaint{Status: InProgress, Team: "servicelijn", AssigneeID: 2}
	closed := c
	closed.Status = Closed
	for _, x := range []struct {
		name  string
		c     Complaint
		to    Handler
		kind  EventKind
		actor int64
		code  fault.Code
		field string
		tell  bool
	}{
		{"to a colleague", c, Handler{Team: "servicelijn", AssigneeID: 5, Name: "Bea"}, EventAssigned, 2, "", "", true},
		{"to oneself: no notification", c, Handler{Team: "servicelijn", AssigneeID: 2}, EventForwarded, 2, "", "", false},
		{"to a team's queue", c, Handler{Team: "ledenadministratie"}, EventAssigned, 2, "", "", false},
		{"no team", c, Handler{AssigneeID: 5}, EventAssigned, 2, fault.Invalid, "team", false},
		{"unknown team", c, Handler{Team: "kantine"}, EventAssigned, 2, fault.Invalid, "team", false},
		{"the same again", c, Handler{Team: "servicelijn", AssigneeID: 2}, EventAssigned, 2, fault.Conflict, "", false},
		{"closed", closed, Handler{Team: "servicelijn", AssigneeID: 5}, EventAssigned, 2, fault.Conflict, "", false},
	} {
		t.Run(x.name, func(t *testing.T) {
			next, ev, err := x.c.Assign(x.to, x.kind, " even kijken ", vocab{}, x.actor, now)
			wantFault(t, err, x.code, x.field)
			if err != nil {
				return
			}
			if next.Team != x.to.Team || next.AssigneeID != x.to.AssigneeID || ev.Kind != x.kind ||
				ev.Data["note"] != "even kijken" {
				t.Errorf("assigned %+v, event %+v", next, ev)
			}
			if (len(ev.Notify) == 1) != x.tell {
				t.Errorf("notify = %v, want told %v", ev.Notify, x.tell)
			}
		})
	}
}

func TestHandle(t *testing.T) {
	full := Complainant{Name: "Jan", Email: "jan@example.nl", Address: "Damrak 1", Postcode: "1012 LG", City: "Amsterdam"}
	c := Complaint{Status: InProgress, Complainant: full}
	phoneOnly := Complaint{Status: InProgress, Complainant: Complainant{Name: "Jan", Phone: "0201234567"}}
	for _, x := range []struct {
		name  string
		c     Complaint
		t     Told
		code  fault.Code
		field string
	}{
		{"by phone", phoneOnly, Told{Via: ToldByPhone, By: "Bea", At: now.Add(-time.Hour), Summary: "Gebeld."}, "", ""},
		{"by e-mail", c, Told{Via: ToldByEmail, Summary: "Zie de mail.", Satisfied: "yes"}, "", ""},
		{"by letter", c, Told{Via: ToldByLetter, Summary: "Zie de brief."}, "", ""},
		{"no way", c, Told{Summary: "x"}, fault.Invalid, "told.via"},
		{"phone without who", c, Told{Via: ToldByPhone, At: now, Summary: "x"}, fault.Invalid, "told.by"},
		{"phone in the future", c, Told{Via: ToldByPhone, By: "Bea", At: now.Add(time.Hour), Summary: "x"}, fault.Invalid, "told.at"},
		{"e-mail without an address", phoneOnly, Told{Via: ToldByEmail, Summary: "x"}, fault.Invalid, "told.via"},
		{"letter without an address", phoneOnly, Told{Via: ToldByLetter, Summary: "x"}, fault.Invalid, "told.via"},
		{"no summary", c, Told{Via: ToldByEmail}, fault.Invalid, "told.summary"},
		{"satisfied unknown word", c, Told{Via: ToldByEmail, Summary: "x", Satisfied: "meh"}, fault.Invalid, "told.satisfied"},
		{"not in progress", Complaint{Status: Registered, Complainant: full}, Told{Via: ToldByEmail, Summary: "x"}, fault.Conflict, ""},
	} {
		t.Run(x.name, func(t *testing.T) {
			next, ev, err := x.c.Handle(x.t, 3, now)
			wantFault(t, err, x.code, x.field)
			if err != nil {
				return
			}
			if next.Status != Handled || next.HandledAt.IsZero() || next.ToldVia != x.t.Via || ev.Data["told_via"] != x.t.Via {
				t.Errorf("handled %+v, event %+v", next, ev)
			}
			if x.t.Via != ToldByPhone && !next.ToldAt.Equal(now) {
				t.Errorf("a message is told when it goes out: told at %v", next.ToldAt)
			}
		})
	}
}

func TestDueSoon(t *testing.T) {
	for _, c := range []struct {
		name string
		s    Status
		due  time.Time
		want bool
	}{
		{"within the window", InProgress, now.Add(71 * time.Hour), true},
		{"at the window's edge", InProgress, now.Add(72 * time.Hour), true},
		{"beyond it", Registered, now.Add(73 * time.Hour), false},
		{"already overdue", InProgress, now.Add(-time.Minute), false},
		{"handled", Handled, now.Add(time.Hour), false},
	} {
		if got := DueSoon(c.s, c.due, now, 72*time.Hour); got != c.want {
			t.Errorf("%s: DueSoon = %v, want %v", c.name, got, c.want)
		}
	}
}
