package store

import (
	"context"
	"fmt"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// The parts of a split complaint.

const partColumns = `p.id, p.complaint_id, c.reference, p.department, COALESCE(p.assignee_id, 0), COALESCE(u.name, ''), p.what,
	p.due_at, p.handled_at, p.outcome, p.created_at`

const partFrom = ` FROM complaint_parts p JOIN complaints c ON c.id = p.complaint_id LEFT JOIN users u ON u.id = p.assignee_id`

func scanPart(r interface{ Scan(...any) error }) (complaint.Part, error) {
	var p complaint.Part
	err := r.Scan(&p.ID, &p.ComplaintID, &p.Reference, &p.Department, &p.AssigneeID, &p.AssigneeName, &p.What,
		timeCol{&p.DueAt}, timeCol{&p.HandledAt}, &p.Outcome, timeCol{&p.CreatedAt})
	return p, err
}

func partsOf(ctx context.Context, c conn, complaintID int64) ([]complaint.Part, error) {
	out, err := collect(ctx, c, scanPart, `SELECT `+partColumns+partFrom+` WHERE p.complaint_id = ? ORDER BY p.id`, complaintID)
	if err != nil {
		return nil, fmt.Errorf("parts: %w", err)
	}
	return out, nil
}

// Parts returns the parts of a complaint the caller has in sight.
func (s *Store) Parts(ctx context.Context, complaintID int64) ([]complaint.Part, error) {
	return partsOf(ctx, s.reader(), complaintID)
}

// AddPart refers a part of the complaint with reference to a department:
// split builds it (complaint.SplitPart) with its event, in one
// transaction; a person named must be an active member of staff.
func (s *Store) AddPart(ctx context.Context, reference string,
	split func(c complaint.Complaint) (complaint.Part, complaint.Event, error)) (complaint.Part, error) {
	var p complaint.Part
	err := s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		var ev complaint.Event
		var err error
		if p, ev, err = split(c); err != nil {
			return err
		}
		if p.AssigneeID != 0 {
			var active bool
			if err := tx.queryRow(ctx, `SELECT active FROM users WHERE id = ?`, p.AssigneeID).Scan(&active); err != nil || !active {
				return fault.InvalidField("part.assignee_id", "err.user.not_found")
			}
		}
		if p.ID, err = tx.insertID(ctx, `INSERT INTO complaint_parts (complaint_id, department, assignee_id, what, due_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, c.ID, p.Department, nullID(p.AssigneeID), p.What, p.DueAt, p.CreatedAt); err != nil {
			return fmt.Errorf("insert part: %w", err)
		}
		if _, err := tx.exec(ctx, `UPDATE complaints SET updated_at = ? WHERE id = ?`, ev.At, c.ID); err != nil {
			return err
		}
		return appendEvents(ctx, tx, c.ID, ev)
	})
	return p, err
}

// PartChange handles one part of a complaint: given the complaint, the
// part and all its parts, it returns the part as handled, the complaint
// as it then stands (handled, when this was the last part) and the events.
type PartChange func(c complaint.Complaint, p complaint.Part, all []complaint.Part) (complaint.Part, complaint.Complaint,
	[]complaint.Event, error)

// HandlePart applies change to part id of the complaint with reference,
// in one transaction.
func (s *Store) HandlePart(ctx context.Context, reference string, id int64, actor int64, change PartChange) error {
	return s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		all, err := partsOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		i := -1
		for j, p := range all {
			if p.ID == id {
				i = j
			}
		}
		if i < 0 {
			return fault.New(fault.NotFound, "err.part.not_found")
		}
		p, next, events, err := change(c, all[i], all)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE complaint_parts SET handled_at = ?, outcome = ?, handled_by = ? WHERE id = ?`,
			p.HandledAt, p.Outcome, nullID(actor), p.ID); err != nil {
			return fmt.Errorf("handle part: %w", err)
		}
		if err := saveComplaint(ctx, tx, c.ID, next); err != nil {
			return err
		}
		return appendEvents(ctx, tx, c.ID, events...)
	})
}

// OpenParts lists the open parts referred to department or to user, by
// term, whose complaints the caller has in sight.
func (s *Store) OpenParts(ctx context.Context, department string, user int64, limit int) ([]complaint.Part, error) {
	cond, args, err := scoped(ctx, "p.handled_at IS NULL AND (p.department = ? OR p.assignee_id = ?)", []any{department, user})
	if err != nil {
		return nil, err
	}
	out, err := collect(ctx, s.reader(), scanPart, `SELECT `+partColumns+partFrom+` WHERE `+cond+`
		ORDER BY p.due_at, p.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("open parts: %w", err)
	}
	return out, nil
}
