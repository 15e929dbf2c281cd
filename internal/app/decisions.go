package app

import (
	"context"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// RecordDecision records what came of the complaint ref (its outcome,
// remedy, labels and lesson) where the profile keeps decisions; an
// unchanged decision records nothing.
func (a *Service) RecordDecision(ctx context.Context, u auth.User, ref string, d complaint.Decision) (complaint.Decision, error) {
	p := a.Profile()
	if !p.Decisions {
		return complaint.Decision{}, fault.New(fault.Conflict, "err.decisions.off")
	}
	d, err := d.Normalize(p)
	if err != nil {
		return d, err
	}
	now := a.Now()
	return a.store.SetDecision(ctx, ref, func(_ complaint.Complaint, cur complaint.Decision) (complaint.Decision, *complaint.Event, error) {
		next, ev, changed := d.Record(cur, u.ID, now)
		if !changed {
			return cur, nil, nil
		}
		return next, &ev, nil
	})
}

// Decision returns what is recorded of the outcome of c.
func (a *Service) Decision(ctx context.Context, c complaint.Complaint) (complaint.Decision, error) {
	return a.store.Decision(ctx, c.ID)
}
