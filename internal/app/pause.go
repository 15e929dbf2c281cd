package app

import (
	"context"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/notify"
)

// Pause stops the term of ref (see complaint/pause.go), when the profile
// allows it, and asks the complainant the question in writing.
func (a *Service) Pause(ctx context.Context, u auth.User, ref, reason string) (complaint.Complaint, error) {
	if !a.Profile().TermPause {
		return complaint.Complaint{}, fault.New(fault.Conflict, "err.pause.off")
	}
	now := a.Now()
	question, err := a.Templates(ctx, notify.Question)
	if err != nil {
		return complaint.Complaint{}, err
	}
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Pause(reason, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		// The complainant is asked in writing, so the term never waits on
		// someone who does not know there is a question; without an
		// e-mail or postal address the handler asks by phone.
		asked, _ := ev.Data["reason"].(string)
		m, ok := notify.Compose(question[c.Language], next, a.LetterContext(u, now), "", notify.Values{"reason": asked})
		if ok {
			ev.Send = []complaint.Outgoing{m}
		}
		return next, []complaint.Event{ev}, nil
	})
}

// Resume starts the term of ref again by the handler's hand.
func (a *Service) Resume(ctx context.Context, u auth.User, ref string) (complaint.Complaint, error) {
	now := a.Now()
	return a.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Resume("staff", u.ID, now)
		if err != nil {
			return c, nil, err
		}
		return next, []complaint.Event{ev}, nil
	})
}
