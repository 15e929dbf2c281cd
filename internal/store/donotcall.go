package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// DoNotCall is one entry on the do-not-call list: a member who complained
// about telemarketing and is not to be called again, with the complaint
// that put them there.
type DoNotCall struct {
	ID           int64     `json:"id"`
	Reference    string    `json:"reference"`
	MemberNumber string    `json:"member_number"`
	Name         string    `json:"name"`
	Phone        string    `json:"phone"`
	SetAt        time.Time `json:"since"`
	SetBy        string    `json:"set_by"`
	LiftedAt     time.Time `json:"lifted_at,omitzero"`
}

// Active reports whether the entry still holds.
func (d DoNotCall) Active() bool { return d.LiftedAt.IsZero() }

// SetDoNotCall puts the complainant of a complaint on the do-not-call
// list, recorded on the complaint's timeline; offers says which categories
// offer the list (the profile's), the domain decides (CheckDoNotCall).
func (s *Store) SetDoNotCall(
	ctx context.Context,
	reference string,
	offers func(category string) bool,
	actor int64,
	now time.Time,
) (DoNotCall, error) {
	var out DoNotCall
	err := s.changeDoNotCall(
		ctx,
		reference,
		func(tx conn, c complaint.Complaint, current DoNotCall) (complaint.Event, error) {
			if current.ID != 0 {
				return complaint.Event{}, fault.New(fault.Conflict, "err.dnc.already")
			}
			if err := c.CheckDoNotCall(offers(c.Category)); err != nil {
				return complaint.Event{}, err
			}
			id, err := tx.insertID(
				ctx,
				`INSERT INTO do_not_call (complaint_id, member_number, name, phone, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?)`,
				c.ID,
				c.Complainant.MemberNumber,
				c.Complainant.Name,
				c.Complainant.Phone,
				now.UTC(),
				nullID(actor),
			)
			if err != nil {
				return complaint.Event{}, fmt.Errorf("insert: %w", err)
			}
			out = DoNotCall{ID: id, Reference: c.Reference, MemberNumber: c.Complainant.MemberNumber, Name: c.Complainant.Name,
				Phone: c.Complainant.Phone, SetAt: now.UTC()}
			return complaint.Event{At: now.UTC(), ActorID: actor, Kind: complaint.EventDoNotCall, Data: map[string]any{}}, nil
		},
	)
	if err != nil {
		return out, fmt.Errorf("do not call %s: %w", reference, err)
	}
	return out, nil
}

// LiftDoNotCall takes the complaint's entry off the list (set in error, or
// the member asks to be called again).
func (s *Store) LiftDoNotCall(ctx context.Context, reference string, actor int64, now time.Time) error {
	err := s.changeDoNotCall(
		ctx,
		reference,
		func(tx conn, c complaint.Complaint, current DoNotCall) (complaint.Event, error) {
			if current.ID == 0 {
				return complaint.Event{}, fault.New(fault.Conflict, "err.dnc.not_set")
			}
			if _, err := tx.exec(ctx, `UPDATE do_not_call SET lifted_at = ?, lifted_by = ? WHERE id = ?`, now.UTC(), nullID(actor), current.ID); err != nil {
				return complaint.Event{}, fmt.Errorf("lift: %w", err)
			}
			return complaint.Event{
				At:      now.UTC(),
				ActorID: actor,
				Kind:    complaint.EventDoNotCallLifted,
				Data:    map[string]any{},
			}, nil
		},
	)
	if err != nil {
		return fmt.Errorf("lift do not call %s: %w", reference, err)
	}
	return nil
}

// changeDoNotCall runs change on a complaint in sight and its active
// entry, and records the event it returns, in one transaction.
func (s *Store) changeDoNotCall(
	ctx context.Context,
	reference string,
	change func(tx conn, c complaint.Complaint, current DoNotCall) (complaint.Event, error),
) error {
	if !complaint.LooksLikeReference(reference) {
		return fault.New(fault.NotFound, "err.complaint.not_found")
	}
	return s.inTx(ctx, func(tx conn) error {
		cond, args, err := scoped(ctx, "c.reference = ?", []any{reference})
		if err != nil {
			return err
		}
		c, err := s.complaintWhere(ctx, tx, cond, args...)
		if err != nil {
			return err
		}
		current, err := activeDoNotCall(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		ev, err := change(tx, c, current)
		if err != nil {
			return err
		}
		return appendEvents(ctx, tx, c.ID, ev)
	})
}

func activeDoNotCall(ctx context.Context, c conn, complaintID int64) (DoNotCall, error) {
	var d DoNotCall
	err := c.queryRow(ctx, `SELECT id, set_at FROM do_not_call WHERE complaint_id = ? AND lifted_at IS NULL`, complaintID).
		Scan(&d.ID, timeCol{&d.SetAt})
	if errors.Is(err, sql.ErrNoRows) {
		return DoNotCall{}, nil
	}
	if err != nil {
		return d, fmt.Errorf("do not call of complaint %d: %w", complaintID, err)
	}
	return d, nil
}

// ComplaintDoNotCall is the complaint's active entry; ID 0 when none.
func (s *Store) ComplaintDoNotCall(ctx context.Context, complaintID int64) (DoNotCall, error) {
	return activeDoNotCall(ctx, s.reader(), complaintID)
}

// DoNotCallList is the list as the CRM and the agency's suppression list
// take it: the entries that hold, set on or after since (zero: all),
// oldest first.
func (s *Store) DoNotCallList(ctx context.Context, since time.Time) ([]DoNotCall, error) {
	out, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (DoNotCall, error) {
		var d DoNotCall
		err := r.Scan(&d.ID, &d.Reference, &d.MemberNumber, &d.Name, &d.Phone, timeCol{&d.SetAt}, &d.SetBy)
		return d, err
	}, `SELECT d.id, c.reference, d.member_number, d.name, d.phone, d.set_at, COALESCE(u.name, '')
		FROM do_not_call d JOIN complaints c ON c.id = d.complaint_id LEFT JOIN users u ON u.id = d.set_by
		WHERE d.lifted_at IS NULL AND d.set_at >= ? ORDER BY d.set_at, d.id`, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("do not call list: %w", err)
	}
	return out, nil
}

// SubjectDoNotCall lists the do-not-call entries that name a person (by
// member number or name), lifted ones too: what is held about them
// (AVG art. 15). They are kept at erasure: the list is how the objection
// to being called is honoured (art. 21).
func (s *Store) SubjectDoNotCall(ctx context.Context, q SubjectQuery) ([]DoNotCall, error) {
	q, err := q.Check()
	if err != nil {
		return nil, err
	}
	var or []string
	var args []any
	if q.MemberNumber != "" {
		or, args = append(or, "d.member_number = ?"), append(args, q.MemberNumber)
	}
	if q.Name != "" {
		or, args = append(or, "LOWER(d.name) = ?"), append(args, strings.ToLower(q.Name))
	}
	if len(or) == 0 {
		return nil, nil
	}
	out, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (DoNotCall, error) {
		var d DoNotCall
		err := r.Scan(
			&d.ID,
			&d.Reference,
			&d.MemberNumber,
			&d.Name,
			&d.Phone,
			timeCol{&d.SetAt},
			&d.SetBy,
			timeCol{&d.LiftedAt},
		)
		return d, err
	}, `SELECT d.id, c.reference, d.member_number, d.name, d.phone, d.set_at, COALESCE(u.name, ''), d.lifted_at
		FROM do_not_call d JOIN complaints c ON c.id = d.complaint_id LEFT JOIN users u ON u.id = d.set_by
		WHERE (`+strings.Join(or, " OR ")+`) ORDER BY d.set_at, d.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("do not call of subject: %w", err)
	}
	return out, nil
}
