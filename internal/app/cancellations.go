package app

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
)

// Cancellations as unspoken complaints (P6): imported from the membership
// administration, called, and concluded with the reason found and the
// offer made; a complaint found behind one enters the whole procedure.

// ImportCancellations reads (dry run) or imports cancellations from source, by
// mapping, or by the mapping remembered for the source when nil; an
// import remembers the mapping it used.
func (a *Service) ImportCancellations(
	ctx context.Context,
	body io.Reader,
	source string,
	m cancellation.Mapping,
	dryRun bool,
	lang i18n.Lang,
) (cancellation.Report, error) {
	if source == "" {
		source = cancellation.DefaultSource
	}
	if m == nil {
		var err error
		if m, _, err = a.store.Mapping(ctx, source); err != nil {
			return cancellation.Report{}, err
		}
	}
	rows, rep, err := cancellation.ParseCSV(body, a.Profile(), m, a.Now(), lang, nil)
	if err != nil || dryRun {
		return rep, err
	}
	if rep.Imported, rep.Existing, err = a.store.ImportCancellations(ctx, source, rows, nil); err != nil {
		return rep, err
	}
	return rep, a.store.SaveMapping(ctx, source, m, a.Now())
}

// RecordCall records a call attempt (P6.2).
func (a *Service) RecordCall(
	ctx context.Context,
	u auth.User,
	id int64,
	result, callBack, note string,
) (cancellation.Cancellation, error) {
	now := a.Now()
	call := cancellation.Call{At: now, ActorID: u.ID, Result: result, Note: strings.TrimSpace(note)}
	if strings.TrimSpace(callBack) != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", callBack, a.Profile().Location())
		if err != nil {
			if t, err = time.Parse(time.RFC3339, callBack); err != nil {
				return cancellation.Cancellation{}, fault.InvalidField("call_back_at", "err.date")
			}
		}
		call.CallBackAt = t
	}
	return a.store.UpdateCancellation(
		ctx,
		id,
		func(x cancellation.Cancellation) (cancellation.Cancellation, []cancellation.Call, error) {
			next, err := x.RecordCall(call, a.Profile().MaxCallAttempts, now)
			return next, []cancellation.Call{call}, err
		},
	)
}

// Conclude records the reason found and the offer made (P6.4, P6.5).
func (a *Service) Conclude(
	ctx context.Context,
	id int64,
	reason, outcome, offer, accepted string,
) (cancellation.Cancellation, error) {
	now := a.Now()
	return a.store.UpdateCancellation(
		ctx,
		id,
		func(x cancellation.Cancellation) (cancellation.Cancellation, []cancellation.Call, error) {
			next, err := x.Conclude(a.Profile(), reason, outcome, offer, accepted, now)
			return next, nil, err
		},
	)
}

// ComplaintBehind registers the complaint a call found behind a
// cancellation (P6.3): channel cancellation, linked both ways, then the
// whole procedure.
func (a *Service) ComplaintBehind(
	ctx context.Context,
	u auth.User,
	id int64,
	category, description string,
) (complaint.Complaint, error) {
	x, err := a.store.Cancellation(ctx, id)
	if err != nil {
		return complaint.Complaint{}, err
	}
	if x.ComplaintID != 0 {
		return complaint.Complaint{}, fault.New(fault.Conflict, "err.cancellation.linked")
	}
	d := complaint.Draft{
		Channel:     complaint.ChannelCancellation,
		Category:    category,
		Description: description,
		ReceivedAt:  a.Now(),
		Complainant: complaint.Complainant{MemberNumber: x.MemberNumber, Name: x.Name, Email: x.Email, Phone: x.Phone,
			Address: x.Address, Postcode: x.Postcode, City: x.City},
	}
	if d.Complainant.Name == "" {
		d.Complainant.Name = x.MemberNumber
	}
	c, _, err := a.Register(ctx, u, d, Registration{Cancellation: id})
	return c, err
}

// AddCancellation records one cancellation from the membership system
// (P6.1); created is false when the source had sent it before.
func (a *Service) AddCancellation(
	ctx context.Context,
	x cancellation.Cancellation,
) (out cancellation.Cancellation, created bool, err error) {
	return a.store.CreateCancellation(ctx, x)
}
