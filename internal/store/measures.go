package store

import (
	"context"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// Measures: what a complaint's decision sets out to do, who
// sees to it and by when.

const measureColumns = `m.id, m.complaint_id, c.reference, m.what, m.owner_id, COALESCE(u.name, ''), m.due_at,
	m.done_at, m.done_note, m.created_at, COALESCE(m.created_by, 0)`

const measureFrom = ` FROM measures m JOIN complaints c ON c.id = m.complaint_id LEFT JOIN users u ON u.id = m.owner_id`

func scanMeasure(r interface{ Scan(...any) error }) (complaint.Measure, error) {
	var m complaint.Measure
	err := r.Scan(&m.ID, &m.ComplaintID, &m.Reference, &m.What, &m.OwnerID, &m.OwnerName, timeCol{&m.DueAt},
		timeCol{&m.DoneAt}, &m.DoneNote, timeCol{&m.CreatedAt}, &m.CreatedBy)
	return m, err
}

// AddMeasure sets a measure on the complaint with reference, if the
// reader has it in sight: make builds it (complaint.SetMeasure) and its
// event, written in one transaction.
func (s *Store) AddMeasure(ctx context.Context, reference string,
	make func(c complaint.Complaint) (complaint.Measure, complaint.Event, error)) (complaint.Measure, error) {
	var m complaint.Measure
	err := s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		var ev complaint.Event
		var err error
		if m, ev, err = make(c); err != nil {
			return err
		}
		var active bool
		if err := tx.queryRow(ctx, `SELECT active FROM users WHERE id = ?`, m.OwnerID).Scan(&active); err != nil || !active {
			return fault.InvalidField("owner_id", "err.user.not_found")
		}
		if err := tx.queryRow(ctx, `INSERT INTO measures (complaint_id, what, owner_id, due_at, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, m.What, m.OwnerID, m.DueAt, m.CreatedAt,
			nullID(m.CreatedBy)).Scan(&m.ID); err != nil {
			return fmt.Errorf("insert measure: %w", err)
		}
		return appendEvents(ctx, tx, c.ID, ev)
	})
	return m, err
}

// Measures returns the measures of a complaint the caller has in sight,
// by term.
func (s *Store) Measures(ctx context.Context, complaintID int64) ([]complaint.Measure, error) {
	out, err := collect(ctx, s.reader(), scanMeasure, `SELECT `+measureColumns+measureFrom+`
		WHERE m.complaint_id = ? ORDER BY m.due_at, m.id`, complaintID)
	if err != nil {
		return nil, fmt.Errorf("measures: %w", err)
	}
	return out, nil
}

// CompleteMeasure marks the measure id of the complaint with reference
// done, if the reader has the complaint in sight; done builds the change
// (complaint.Measure.Complete) and its event.
func (s *Store) CompleteMeasure(ctx context.Context, reference string, id int64,
	done func(c complaint.Complaint, m complaint.Measure) (complaint.Measure, complaint.Event, error)) (complaint.Measure, error) {
	var m complaint.Measure
	err := s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		cur, err := scanMeasure(tx.queryRow(ctx, `SELECT `+measureColumns+measureFrom+` WHERE m.id = ? AND m.complaint_id = ?`,
			id, c.ID))
		if err != nil {
			return fault.New(fault.NotFound, "err.measure.not_found")
		}
		var ev complaint.Event
		if m, ev, err = done(c, cur); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE measures SET done_at = ?, done_note = ? WHERE id = ? AND done_at IS NULL`,
			m.DoneAt, m.DoneNote, m.ID); err != nil {
			return fmt.Errorf("complete measure: %w", err)
		}
		return appendEvents(ctx, tx, c.ID, ev)
	})
	return m, err
}

// MeasuresBetween returns the measures whose term ends in [from, to) or
// that were done in it, by term: the quarterly evaluation's list.
func (s *Store) MeasuresBetween(ctx context.Context, from, to time.Time) ([]complaint.Measure, error) {
	out, err := collect(ctx, s.analytics(), scanMeasure, `SELECT `+measureColumns+measureFrom+`
		WHERE (m.due_at >= ? AND m.due_at < ?) OR (m.done_at >= ? AND m.done_at < ?) ORDER BY m.due_at, m.id`,
		from, to, from, to)
	if err != nil {
		return nil, fmt.Errorf("measures between: %w", err)
	}
	return out, nil
}

// OpenMeasures returns measures not yet done, by term: all of them, or
// those of owner when it is not 0; at most limit.
func (s *Store) OpenMeasures(ctx context.Context, owner int64, limit int) ([]complaint.Measure, error) {
	cond, args, err := scoped(ctx, "m.done_at IS NULL AND (? = 0 OR m.owner_id = ?)", []any{owner, owner})
	if err != nil {
		return nil, err
	}
	out, err := collect(ctx, s.reader(), scanMeasure, `SELECT `+measureColumns+measureFrom+` WHERE `+cond+`
		ORDER BY m.due_at, m.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("open measures: %w", err)
	}
	return out, nil
}
