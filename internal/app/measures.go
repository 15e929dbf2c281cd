package app

import (
	"context"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// SetMeasure sets a measure on the complaint ref: what, who
// sees to it, and by when; the owner is told. Measures belong to the
// decisions a profile records.
func (a *Service) SetMeasure(ctx context.Context, u auth.User, ref, what string, owner int64, due time.Time) (complaint.Measure, error) {
	if !a.Profile().Decisions {
		return complaint.Measure{}, fault.New(fault.Conflict, "err.decisions.off")
	}
	now := a.Now()
	return a.store.AddMeasure(ctx, ref, func(c complaint.Complaint) (complaint.Measure, complaint.Event, error) {
		return complaint.SetMeasure(c, what, owner, due, u.ID, now)
	})
}

// CompleteMeasure marks measure id of the complaint ref done, with a note
// of how.
func (a *Service) CompleteMeasure(ctx context.Context, u auth.User, ref string, id int64, note string) (complaint.Measure, error) {
	now := a.Now()
	tell := a.Profile().MeasureNotice
	return a.store.CompleteMeasure(ctx, ref, id, func(c complaint.Complaint, m complaint.Measure) (complaint.Measure, complaint.Event, error) {
		// Whoever sees to a measure records it done, as may its handlers.
		if m.OwnerID != u.ID && !auth.Can(u.Role, auth.ComplaintTransition) {
			return m, complaint.Event{}, fault.New(fault.Forbidden, "err.measure.not_owner")
		}
		m, ev, err := m.Complete(note, u.ID, now)
		if err == nil && tell { // the complainant hears it was done, where the profile says so
			line := m.What
			if m.DoneNote != "" {
				line += "\n" + m.DoneNote
			}
			if out, ok := a.courseMail(c, "measure_done", "measure.mail", line, u); ok {
				ev.Send = []complaint.Outgoing{out}
			}
		}
		return m, ev, err
	})
}

// MeasureDue is the term a new measure gets unless the handler chooses
// another: the handling term, counted on the profile's calendar from now.
func (a *Service) MeasureDue() time.Time {
	p := a.Profile()
	return p.Calendar().End(a.Now(), p.HandlingTerm())
}
