package app

import (
	"context"
	"errors"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/notify"
)

// Four eyes before the final answer.

// errNoApproval says the outcome needs no approval after all.
var errNoApproval = errors.New("no approval needed")

// askApproval keeps the written outcome t as a draft for a second person
// where the profile's rule asks it for this complaint; asked says whether
// it did.
func (a *Service) askApproval(ctx context.Context, u auth.User, ref string, t complaint.Told) (bool, error) {
	rule := a.Profile().ApprovalRule()
	if rule.Mode == complaint.ApprovalOff || (t.Via != complaint.ToldByEmail && t.Via != complaint.ToldByLetter) {
		return false, nil
	}
	coordinators, err := a.store.ActiveUsers(ctx, auth.RoleCoordinator)
	if err != nil {
		return false, err
	}
	now := a.Now()
	err = a.store.RequestApproval(ctx, ref, func(c complaint.Complaint, flags []string) (complaint.OutcomeDraft, complaint.Event, error) {
		if !rule.Needs(c, flags, t.Via) {
			return complaint.OutcomeDraft{}, complaint.Event{}, errNoApproval
		}
		if err := c.MayActFor(a.Profile().RequireAuthorisation); err != nil {
			return complaint.OutcomeDraft{}, complaint.Event{}, err
		}
		d, ev, err := c.RequestApproval(t, u.ID, now)
		for _, co := range coordinators {
			if co.ID != u.ID {
				ev.Notify = append(ev.Notify, co.ID)
			}
		}
		return d, ev, err
	})
	if errors.Is(err, errNoApproval) {
		return false, nil
	}
	return err == nil, err
}

// Approve is the second person's yes to the outcome waiting on ref: the
// complaint is handled and the letter or mail goes out, signed by the one
// who wrote it.
func (a *Service) Approve(ctx context.Context, u auth.User, ref string) error {
	outcome, err := a.Templates(ctx, notify.Outcome)
	if err != nil {
		return err
	}
	now := a.Now()
	return a.store.DecideApproval(ctx, ref, func(c complaint.Complaint, d complaint.OutcomeDraft) (complaint.Complaint, []complaint.Event, error) {
		next, events, err := d.Approve(c, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		writer := auth.User{ID: d.DraftedBy, Name: d.DraftedByName}
		m, _ := notify.Compose(outcome[next.Language], next, a.LetterContext(writer, now), next.ToldVia, nil)
		events[len(events)-1].Send = []complaint.Outgoing{m}
		return next, events, nil
	})
}

// SendBack returns the outcome waiting on ref to its writer with a note.
func (a *Service) SendBack(ctx context.Context, u auth.User, ref, note string) error {
	now := a.Now()
	return a.store.DecideApproval(ctx, ref, func(c complaint.Complaint, d complaint.OutcomeDraft) (complaint.Complaint, []complaint.Event, error) {
		ev, err := d.SendBack(note, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		return c, []complaint.Event{ev}, nil
	})
}

// SetFlags marks what makes the complaint's answer need approval.
func (a *Service) SetFlags(ctx context.Context, u auth.User, ref string, flags []string) error {
	flags, err := complaint.ValidFlags(flags)
	if err != nil {
		return err
	}
	return a.store.SetFlags(ctx, ref, flags, u.ID, a.Now())
}
