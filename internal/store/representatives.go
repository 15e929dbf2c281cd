package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/klacht/klacht/internal/complaint"
)

// Representatives.

// representativeOf reads who acts for the complainant of a complaint, or
// nil.
func representativeOf(ctx context.Context, c conn, complaintID int64) (*complaint.Representative, error) {
	var r complaint.Representative
	var authorised int
	p := &r.Contact
	err := c.queryRow(ctx, `SELECT relation, name, address, postcode, city, email, phone, authorised, authorisation_note,
		write_to FROM complaint_representatives WHERE complaint_id = ?`, complaintID).Scan(&r.Relation, &p.Name, &p.Address,
		&p.Postcode, &p.City, &p.Email, &p.Phone, &authorised, &r.AuthorisationNote, &r.WriteTo)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("representative: %w", err)
	}
	r.Authorised = authorised == 1
	return &r, nil
}

// SetRepresentative records who acts for the complainant of the complaint
// with reference (nil: nobody any more), if the reader has it in sight;
// set checks it against the complaint and makes the event.
func (s *Store) SetRepresentative(ctx context.Context, reference string, r *complaint.Representative,
	set func(c complaint.Complaint) (complaint.Complaint, complaint.Event, error)) (complaint.Complaint, error) {
	var out complaint.Complaint
	err := s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		next, ev, err := set(c)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM complaint_representatives WHERE complaint_id = ?`, c.ID); err != nil {
			return err
		}
		if r != nil {
			p := r.Contact
			if _, err := tx.exec(ctx, `INSERT INTO complaint_representatives (complaint_id, relation, name, address, postcode,
				city, email, phone, authorised, authorisation_note, write_to, set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				c.ID, r.Relation, p.Name, p.Address, p.Postcode, p.City, p.Email, p.Phone, flag(r.Authorised),
				r.AuthorisationNote, r.WriteTo, ev.At); err != nil {
				return fmt.Errorf("write representative: %w", err)
			}
		}
		if _, err := tx.exec(ctx, `UPDATE complaints SET updated_at = ? WHERE id = ?`, next.UpdatedAt, c.ID); err != nil {
			return err
		}
		if err := appendEvents(ctx, tx, c.ID, ev); err != nil {
			return err
		}
		out, err = s.complaintWhere(ctx, tx, "c.id = ?", c.ID)
		return err
	})
	return redacted(ctx, out), err
}
