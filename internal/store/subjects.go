package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// Who or what a complaint is about.

// Subject returns who or what the complaint is about; ok is false when
// nobody recorded it. The caller has the complaint in sight.
func (s *Store) Subject(ctx context.Context, complaintID int64) (sub complaint.Subject, ok bool, err error) {
	err = s.reader().queryRow(ctx, `SELECT s.kind, COALESCE(s.user_id, 0), CASE WHEN s.kind = 'staff' THEN COALESCE(u.name, '')
		ELSE s.name END, s.organisation, s.email, s.department, s.set_at FROM complaint_subjects s
		LEFT JOIN users u ON u.id = s.user_id WHERE s.complaint_id = ?`, complaintID).Scan(
		&sub.Kind, &sub.UserID, &sub.Name, &sub.Organisation, &sub.Email, &sub.Department, timeCol{&sub.SetAt})
	if errors.Is(err, sql.ErrNoRows) {
		return sub, false, nil
	}
	if err != nil {
		return sub, false, fmt.Errorf("subject of complaint %d: %w", complaintID, err)
	}
	return sub, true, nil
}

// SubjectChange records a subject on a complaint: set checks it against
// the complaint (complaint.Complaint.SetSubject), given the subject with
// a member of staff's name from their account; copy, when not nil,
// makes the request through which the person is sent a copy and heard.
type SubjectChange struct {
	Subject complaint.Subject
	Set     func(c complaint.Complaint, sub complaint.Subject) (complaint.Complaint, complaint.Event, error)
	Copy    *ExpertRequest
	Compose func(x ExpertRequest) complaint.Outgoing
}

// SetSubject records who or what the complaint with reference is about,
// if the reader has it in sight: the subject, the complaint's
// subject_user_id, the event and, where the profile hears the person,
// the copy with its link, in one transaction.
func (s *Store) SetSubject(ctx context.Context, reference string, ch SubjectChange, actor int64) (complaint.Complaint, error) {
	var out complaint.Complaint
	err := s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		if ch.Subject.Kind == complaint.SubjectStaff {
			var name, email string
			var active bool
			if err := tx.queryRow(ctx, `SELECT name, email, active FROM users WHERE id = ?`, ch.Subject.UserID).Scan(
				&name, &email, &active); err != nil || !active {
				return fault.InvalidField("subject.user_id", "err.user.not_found")
			}
			ch.Subject.Name = name
			if ch.Subject.Email == "" {
				ch.Subject.Email = email
			}
		}
		next, ev, err := ch.Set(c, ch.Subject) // a member of staff by their account's name
		if err != nil {
			return err
		}
		sub := ch.Subject
		if _, err := tx.exec(ctx, `INSERT INTO complaint_subjects (complaint_id, kind, user_id, name, organisation, email,
			department, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (complaint_id) DO UPDATE SET kind = excluded.kind, user_id = excluded.user_id, name = excluded.name,
			organisation = excluded.organisation, email = excluded.email, department = excluded.department,
			set_at = excluded.set_at, set_by = excluded.set_by`, c.ID, sub.Kind, nullID(sub.UserID), sub.Name,
			sub.Organisation, sub.Email, sub.Department, ev.At, nullID(actor)); err != nil {
			return fmt.Errorf("write subject: %w", err)
		}
		if _, err := tx.exec(ctx, `UPDATE complaints SET subject_user_id = ?, updated_at = ? WHERE id = ?`,
			nullID(next.SubjectUserID), next.UpdatedAt, c.ID); err != nil {
			return err
		}
		if err := appendEvents(ctx, tx, c.ID, ev); err != nil {
			return err
		}
		if ch.Copy != nil && sub.Person() && sub.Email != "" {
			x := *ch.Copy
			x.Name, x.Email, x.Role = sub.Name, sub.Email, RoleSubject
			if _, err := askTx(ctx, tx, c, x, ch.Compose); err != nil {
				return err
			}
		}
		out, err = s.complaintWhere(ctx, tx, "c.id = ?", c.ID)
		return err
	})
	return redacted(ctx, out), err
}
