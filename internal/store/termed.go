package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

// Termed is what has a term of its own on a complaint, beside the
// handling term: a measure of the decision or a part of a
// split complaint. The term watch follows them alike.
type Termed struct {
	Kind        TermedKind
	ID          int64
	ComplaintID int64
	What        string
	OwnerID     int64  // who sees to it; 0 for a part with nobody named
	Department  string // a part's department, told when nobody is named
	DueAt       time.Time
}

// TermedKind names the table of what the watch follows: its steps, what
// marks it done, and who sees to it.
type TermedKind struct{ table, steps, fk, done, owner, department string }

var (
	// TermedMeasures are the measures of decisions.
	TermedMeasures = TermedKind{"measures", "measure_steps", "measure_id", "done_at", "owner_id", "''"}
	// TermedParts are the parts of split complaints.
	TermedParts = TermedKind{"complaint_parts", "part_steps", "part_id", "handled_at", "assignee_id", "t.department"}
)

// TermedStepCandidates returns the open items of kind whose term ends at
// or before dueBy and that have not had step yet, oldest term first.
func (s *Store) TermedStepCandidates(ctx context.Context, kind TermedKind, step complaint.WatchStep, dueBy time.Time,
	limit int) ([]Termed, error) {
	out, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (Termed, error) {
		x := Termed{Kind: kind}
		return x, r.Scan(&x.ID, &x.ComplaintID, &x.What, &x.OwnerID, &x.Department, timeCol{&x.DueAt})
	}, `SELECT t.id, t.complaint_id, t.what, COALESCE(t.`+kind.owner+`, 0), `+kind.department+`, t.due_at
		FROM `+kind.table+` t JOIN complaints c ON c.id = t.complaint_id
		WHERE t.`+kind.done+` IS NULL AND t.due_at <= ? AND c.merged_into IS NULL
		AND NOT EXISTS (SELECT 1 FROM `+kind.steps+` s WHERE s.`+kind.fk+` = t.id AND s.step = ?)
		ORDER BY t.due_at, t.id LIMIT ?`, dueBy, string(step), limit)
	if err != nil {
		return nil, fmt.Errorf("%s step candidates: %w", kind.table, err)
	}
	return out, nil
}

// FireTermedStep makes a step of the watch happen once for x, with its
// event on the complaint's timeline, as FireStep does for the handling
// term; fired is false when another server had it first or x was done
// meanwhile. An event without a kind claims the step and records nothing.
func (s *Store) FireTermedStep(ctx context.Context, x Termed, step complaint.WatchStep, ev complaint.Event) (fired bool, err error) {
	k := x.Kind
	err = s.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `INSERT INTO `+k.steps+` (`+k.fk+`, step, fired_at) VALUES (?, ?, ?)
			ON CONFLICT (`+k.fk+`, step) DO NOTHING`, x.ID, string(step), ev.At)
		if err != nil {
			return fmt.Errorf("claim %s: %w", step, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errStepTaken
		}
		var done any
		if err := tx.queryRow(ctx, `SELECT `+k.done+` FROM `+k.table+` WHERE id = ?`, x.ID).Scan(&done); err != nil {
			return err
		}
		if done != nil {
			return errStepTaken
		}
		if ev.Kind == "" {
			return nil
		}
		return appendEvents(ctx, tx, x.ComplaintID, ev)
	})
	if errors.Is(err, errStepTaken) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("fire %s %s for %d: %w", k.table, step, x.ID, err)
	}
	return true, nil
}
