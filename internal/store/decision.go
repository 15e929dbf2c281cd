package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

// DecisionChange computes a complaint's decision from the complaint and
// its current decision; a nil event leaves everything as it was.
type DecisionChange func(c complaint.Complaint, cur complaint.Decision) (complaint.Decision, *complaint.Event, error)

// Decision returns what is recorded of the complaint's outcome (the zero
// Decision when nothing is). The caller has the complaint in sight.
func (s *Store) Decision(ctx context.Context, complaintID int64) (complaint.Decision, error) {
	d, err := decisionOf(ctx, s.reader(), complaintID)
	if err != nil {
		return d, fmt.Errorf("decision of complaint %d: %w", complaintID, err)
	}
	return d, nil
}

func decisionOf(ctx context.Context, c conn, complaintID int64) (complaint.Decision, error) {
	var d complaint.Decision
	var by sql.NullInt64
	err := c.queryRow(ctx, `SELECT outcome, outcome_reason, remedy_asked, remedy_given, amount_cents, lesson,
		updated_at, updated_by FROM complaint_decisions WHERE complaint_id = ?`, complaintID).Scan(
		&d.Outcome, &d.OutcomeReason, &d.RemedyAsked, &d.RemedyGiven, &d.AmountCents, &d.Lesson,
		timeCol{&d.UpdatedAt}, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return complaint.Decision{Labels: []string{}}, nil
	}
	if err != nil {
		return d, err
	}
	d.UpdatedBy = by.Int64
	d.Labels, err = collect(ctx, c, func(r interface{ Scan(...any) error }) (string, error) {
		var l string
		return l, r.Scan(&l)
	}, `SELECT label FROM complaint_labels WHERE complaint_id = ? ORDER BY label`, complaintID)
	if d.Labels == nil {
		d.Labels = []string{}
	}
	return d, err
}

// SetDecision changes the decision of the complaint with reference, if
// the reader has it in sight: the decision, its labels, the complaint's
// updated_at (so kept reports of its period are counted again) and the
// event, in one transaction.
func (s *Store) SetDecision(ctx context.Context, reference string, change DecisionChange) (complaint.Decision, error) {
	var out complaint.Decision
	err := s.lockedChange(ctx, reference, func(tx conn, c complaint.Complaint) error {
		cur, err := decisionOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		next, ev, err := change(c, cur)
		if err != nil {
			return err
		}
		out = next
		if ev == nil {
			out = cur
			return nil
		}
		if _, err := tx.exec(ctx, `INSERT INTO complaint_decisions (complaint_id, outcome, outcome_reason, remedy_asked,
			remedy_given, amount_cents, lesson, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (complaint_id) DO UPDATE SET outcome = excluded.outcome, outcome_reason = excluded.outcome_reason,
			remedy_asked = excluded.remedy_asked, remedy_given = excluded.remedy_given,
			amount_cents = excluded.amount_cents, lesson = excluded.lesson, updated_at = excluded.updated_at,
			updated_by = excluded.updated_by`, c.ID, next.Outcome, next.OutcomeReason, next.RemedyAsked, next.RemedyGiven,
			next.AmountCents, next.Lesson, next.UpdatedAt, nullID(next.UpdatedBy)); err != nil {
			return fmt.Errorf("write decision: %w", err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM complaint_labels WHERE complaint_id = ?`, c.ID); err != nil {
			return err
		}
		for _, l := range next.Labels {
			if _, err := tx.exec(ctx, `INSERT INTO complaint_labels (complaint_id, label) VALUES (?, ?)`, c.ID, l); err != nil {
				return fmt.Errorf("label %s: %w", l, err)
			}
		}
		if _, err := tx.exec(ctx, `UPDATE complaints SET updated_at = ? WHERE id = ?`, ev.At, c.ID); err != nil {
			return err
		}
		return appendEvents(ctx, tx, c.ID, *ev)
	})
	return out, err
}

// decisionFigures counts the decisions of complaints received in [from,
// to): by outcome and by label, and the remedies given with their amounts.
func (s *Store) decisionFigures(ctx context.Context, f *QuarterFigures) error {
	var err error
	if f.ByOutcome, err = s.counts(ctx, `SELECT d.outcome, COUNT(*) FROM complaint_decisions d
		JOIN complaints c ON c.id = d.complaint_id
		WHERE c.received_at >= ? AND c.received_at < ? AND c.merged_into IS NULL AND d.outcome <> ''
		GROUP BY d.outcome ORDER BY 2 DESC, 1`, f.From, f.To); err != nil {
		return err
	}
	if f.ByLabel, err = s.counts(ctx, `SELECT l.label, COUNT(*) FROM complaint_labels l
		JOIN complaints c ON c.id = l.complaint_id
		WHERE c.received_at >= ? AND c.received_at < ? AND c.merged_into IS NULL
		GROUP BY l.label ORDER BY 2 DESC, 1`, f.From, f.To); err != nil {
		return err
	}
	if err := s.analytics().queryRow(ctx, `SELECT COUNT(DISTINCT p.complaint_id), COUNT(*) FROM complaint_parts p
		JOIN complaints c ON c.id = p.complaint_id
		WHERE c.received_at >= ? AND c.received_at < ? AND c.merged_into IS NULL`, f.From, f.To).Scan(&f.WithParts, &f.Parts); err != nil {
		return err
	}
	return s.analytics().queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN d.remedy_given <> '' OR d.amount_cents > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(d.amount_cents), 0), COALESCE(SUM(CASE WHEN d.lesson <> '' THEN 1 ELSE 0 END), 0)
		FROM complaint_decisions d JOIN complaints c ON c.id = d.complaint_id
		WHERE c.received_at >= ? AND c.received_at < ? AND c.merged_into IS NULL`, f.From, f.To).Scan(
		&f.RemediesGiven, &f.RemedyCents, &f.Lessons)
}

// Lesson is what was learnt from one complaint, for the quarterly
// evaluation's list.
type Lesson struct {
	Reference string `json:"reference"`
	Category  string `json:"category"`
	Outcome   string `json:"outcome"`
	Lesson    string `json:"lesson"`
}

// Lessons returns the lessons of the complaints received in [from, to),
// oldest first.
func (s *Store) Lessons(ctx context.Context, from, to time.Time) ([]Lesson, error) {
	out, err := collect(ctx, s.analytics(), func(r interface{ Scan(...any) error }) (Lesson, error) {
		var l Lesson
		return l, r.Scan(&l.Reference, &l.Category, &l.Outcome, &l.Lesson)
	}, `SELECT c.reference, c.category, d.outcome, d.lesson FROM complaint_decisions d
		JOIN complaints c ON c.id = d.complaint_id
		WHERE c.received_at >= ? AND c.received_at < ? AND c.merged_into IS NULL AND d.lesson <> ''
		ORDER BY c.received_at, c.id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("lessons: %w", err)
	}
	return out, nil
}
