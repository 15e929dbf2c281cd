// Package jobs is klacht's background work. Every job is Run(ctx) error: a
// ticker that stops with ctx, with the clock injected, and every step safe
// to run on several servers sharing one database at once: what must happen
// once is claimed by a row with a unique key, in the same transaction as
// its effects.
package jobs

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// TermWatch is P5.4: it reminds the handler before the handling term ends
// and, when it has passed, marks the complaint overdue and alerts the
// service-desk coordinator. Each step happens once per complaint and is
// recorded on its timeline.
type TermWatch struct {
	Store   termStore
	Profile func() procedure.Profile
	Now     func() time.Time
	Every   time.Duration
	Log     *slog.Logger
	// Batch bounds how many complaints one query takes; a tick works
	// through as many batches as there are.
	Batch int
}

// Run ticks until ctx ends. A failed tick is logged and retried at the
// next one: nothing is lost, because what did not fire stays due.
func (w *TermWatch) Run(ctx context.Context) error {
	return Loop(ctx, w.Every, w.Log, "term watch", w.Tick)
}

// Tick fires every step that is due now and returns how many it fired.
func (w *TermWatch) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx) // klacht's own machinery sees the whole register
	p := w.Profile()
	now := w.Now().UTC()
	cal := p.Calendar()
	batch := w.Batch
	if batch <= 0 {
		batch = 200
	}
	staff, err := w.Store.ActiveUsers(ctx, "")
	if err != nil {
		return 0, err
	}
	fired := 0
	for _, step := range p.TermSteps() {
		for {
			cutoff := step.ReceivedBy(now, cal)
			cs, err := w.Store.StepCandidates(ctx, step.Kind, cutoff, batch)
			if err != nil {
				return fired, err
			}
			n := 0
			for _, c := range cs {
				// The cutoff only bounds the candidates: the step comes on
				// its day on the calendar, later by any pause.
				if step.At(c, cal).After(now) {
					continue
				}
				// A reminder after the term has ended helps nobody: the
				// escalation says it all. It is claimed without an event.
				ev := stepEvent(step.Kind, c, staff, now)
				if step.Kind == complaint.StepReminder && !c.DueAt.After(now) {
					ev = complaint.Event{At: now}
				}
				ok, err := w.Store.FireStep(ctx, c.ID, step.Kind, ev)
				if err != nil {
					return fired, err
				}
				if ok {
					n++
				}
			}
			fired += n
			if len(cs) < batch || n == 0 {
				break
			}
		}
	}
	n, err := w.termed(ctx, p, staff, now, batch)
	return fired + n, err
}

// termed follows what has a term of its own on a complaint: the measures of decisions and the parts of split complaints,
// as the handling term is followed: a reminder a few days before the term
// to whoever sees to it (for a part with nobody named, its department),
// then, once it has passed undone, they and the coordinators hear.
func (w *TermWatch) termed(ctx context.Context, p procedure.Profile, staff []auth.User, now time.Time, batch int) (int, error) {
	var coordinators []int64
	for _, u := range staff {
		if u.Role == auth.RoleCoordinator {
			coordinators = append(coordinators, u.ID)
		}
	}
	who := func(x store.Termed) []int64 {
		if x.OwnerID != 0 {
			return []int64{x.OwnerID}
		}
		var out []int64
		for _, u := range staff {
			if x.Department != "" && u.Department == x.Department {
				out = append(out, u.ID)
			}
		}
		return out
	}
	cal, unit := p.Calendar(), p.HandlingTerm().Unit
	fired := 0
	for _, kind := range []struct {
		table             store.TermedKind
		reminder, overdue complaint.EventKind
	}{
		{store.TermedMeasures, complaint.EventMeasureReminder, complaint.EventMeasureOverdue},
		{store.TermedParts, complaint.EventPartReminder, complaint.EventPartOverdue},
	} {
		for _, step := range []complaint.WatchStep{complaint.WatchReminder, complaint.WatchOverdue} {
			before, evKind, also := complaint.Term{Unit: unit}, kind.overdue, coordinators
			if step == complaint.WatchReminder {
				before.N, evKind, also = complaint.WatchReminderDays, kind.reminder, nil
			}
			for {
				xs, err := w.Store.TermedStepCandidates(ctx, kind.table, step, complaint.DueBy(now, cal, before), batch)
				if err != nil {
					return fired, err
				}
				n := 0
				for _, x := range xs {
					// Overdue from the moment after its term.
					if step == complaint.WatchOverdue && !now.After(x.DueAt) {
						continue
					}
					ev := complaint.Event{At: now, Kind: evKind, Notify: append(who(x), also...),
						Data: map[string]any{"what": x.What, "due_at": x.DueAt.Format(time.RFC3339)}}
					if x.Department != "" {
						ev.Data["department"] = x.Department
					}
					// A reminder after the term helps nobody: the overdue step says it.
					if step == complaint.WatchReminder && !x.DueAt.After(now) {
						ev = complaint.Event{At: now}
					}
					ok, err := w.Store.FireTermedStep(ctx, x, step, ev)
					if err != nil {
						return fired, err
					}
					if ok {
						n++
					}
				}
				fired += n
				if len(xs) < batch || n == 0 {
					break
				}
			}
		}
	}
	return fired, nil
}

// stepEvent is the timeline event of a step, with whom it notifies: the
// handler for a reminder (or their team, or the coordinators when nobody
// has it), the coordinators and the handler for an escalation.
func stepEvent(kind complaint.StepKind, c complaint.Complaint, staff []auth.User, now time.Time) complaint.Event {
	var coordinators, team []int64
	for _, u := range staff {
		if u.Role == auth.RoleCoordinator {
			coordinators = append(coordinators, u.ID)
		}
		if c.Team != "" && u.Department == c.Team {
			team = append(team, u.ID)
		}
	}
	ev := complaint.Event{At: now, Data: map[string]any{"due_at": c.DueAt.Format(time.RFC3339)}}
	switch kind {
	case complaint.StepReminder:
		ev.Kind = complaint.EventReminder
		switch {
		case c.AssigneeID != 0:
			ev.Notify = []int64{c.AssigneeID}
		case len(team) > 0:
			ev.Notify = team
		default:
			ev.Notify = coordinators
		}
	case complaint.StepEscalation:
		ev.Kind = complaint.EventEscalated
		ev.Notify = coordinators
		if c.AssigneeID != 0 && !slices.Contains(coordinators, c.AssigneeID) {
			ev.Notify = append(ev.Notify, c.AssigneeID)
		}
	}
	return ev
}

// termStore is what the term watch needs of the store.
type termStore interface {
	ActiveUsers(ctx context.Context, role auth.Role) ([]auth.User, error)
	StepCandidates(ctx context.Context, step complaint.StepKind, receivedBy time.Time, limit int) ([]complaint.Complaint, error)
	FireStep(ctx context.Context, complaintID int64, step complaint.StepKind, ev complaint.Event) (bool, error)
	TermedStepCandidates(ctx context.Context, kind store.TermedKind, step complaint.WatchStep, dueBy time.Time,
		limit int) ([]store.Termed, error)
	FireTermedStep(ctx context.Context, x store.Termed, step complaint.WatchStep, ev complaint.Event) (bool, error)
}
