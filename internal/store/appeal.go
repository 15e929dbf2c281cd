package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

const appealColumns = `a.id, a.complaint_id, c.reference, c.name, a.grounds, a.filed_at, COALESCE(a.filed_by, 0), a.due_at,
	a.decision, a.reasoning, a.decided_at, COALESCE(a.decided_by, 0), COALESCE(u.name, '')`

const appealFrom = ` FROM appeals a JOIN complaints c ON c.id = a.complaint_id LEFT JOIN users u ON u.id = a.decided_by`

func scanAppeal(row interface{ Scan(...any) error }) (complaint.Appeal, error) {
	var a complaint.Appeal
	err := row.Scan(
		&a.ID,
		&a.ComplaintID,
		&a.Reference,
		&a.Name,
		&a.Grounds,
		timeCol{&a.FiledAt},
		&a.FiledBy,
		timeCol{&a.DueAt},
		&a.Decision,
		&a.Reasoning,
		timeCol{&a.DecidedAt},
		&a.DecidedBy,
		&a.DeciderName,
	)
	return a, err
}

// FileAppeal stores an appeal and its event (with the acknowledgement it
// sends) in one transaction. A complaint has at most one open appeal.
func (s *Store) FileAppeal(ctx context.Context, a complaint.Appeal, ev complaint.Event) (complaint.Appeal, error) {
	err := s.inTx(ctx, func(c conn) error {
		var open int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM appeals WHERE complaint_id = ? AND decided_at IS NULL`, a.ComplaintID).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return fault.New(fault.Conflict, "err.appeal.open")
		}
		id, err := c.insertID(
			ctx,
			`INSERT INTO appeals (complaint_id, grounds, filed_at, filed_by, due_at) VALUES (?, ?, ?, ?, ?)`,
			a.ComplaintID,
			a.Grounds,
			a.FiledAt,
			nullID(a.FiledBy),
			a.DueAt,
		)
		if err != nil {
			return fmt.Errorf("file appeal: %w", err)
		}
		a.ID = id
		ev.Data["appeal_id"] = id
		return appendEvents(ctx, c, a.ComplaintID, ev)
	})
	if err != nil {
		return a, err
	}
	return s.Appeal(ctx, a.ID)
}

// Appeal returns one appeal.
func (s *Store) Appeal(ctx context.Context, id int64) (complaint.Appeal, error) {
	a, err := scanAppeal(s.reader().queryRow(ctx, `SELECT `+appealColumns+appealFrom+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fault.New(fault.NotFound, "err.not_found")
	}
	if err != nil {
		return a, fmt.Errorf("appeal %d: %w", id, err)
	}
	return a, nil
}

// Appeals lists the open appeals by decision date, or the decided ones
// newest first.
func (s *Store) Appeals(ctx context.Context, open bool, limit int) ([]complaint.Appeal, error) {
	q := `SELECT ` + appealColumns + appealFrom + ` WHERE a.decided_at IS NULL ORDER BY a.due_at, a.id LIMIT ?`
	if !open {
		q = `SELECT ` + appealColumns + appealFrom + ` WHERE a.decided_at IS NOT NULL ORDER BY a.decided_at DESC, a.id DESC LIMIT ?`
	}
	out, err := collect(ctx, s.reader(), scanAppeal, q, limit)
	if err != nil {
		return nil, fmt.Errorf("appeals: %w", err)
	}
	return out, nil
}

// ComplaintAppeals lists a complaint's appeals, oldest first.
func (s *Store) ComplaintAppeals(ctx context.Context, complaintID int64) ([]complaint.Appeal, error) {
	out, err := collect(
		ctx,
		s.reader(),
		scanAppeal,
		`SELECT `+appealColumns+appealFrom+` WHERE a.complaint_id = ? ORDER BY a.id`,
		complaintID,
	)
	if err != nil {
		return nil, fmt.Errorf("appeals: %w", err)
	}
	return out, nil
}

// DecideAppeal applies the board's decision under lock and appends its
// event (with the decision message) to the complaint, in one transaction.
func (s *Store) DecideAppeal(
	ctx context.Context,
	id int64,
	decide func(complaint.Appeal) (complaint.Appeal, complaint.Event, error),
) (complaint.Appeal, error) {
	err := s.inTx(ctx, func(c conn) error {
		lock := s.dialect.forUpdate("a")
		cur, err := scanAppeal(c.queryRow(ctx, `SELECT `+appealColumns+appealFrom+` WHERE a.id = ?`+lock, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "err.not_found")
		}
		if err != nil {
			return err
		}
		next, ev, err := decide(cur)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE appeals SET decision = ?, reasoning = ?, decided_at = ?, decided_by = ? WHERE id = ?`,
			next.Decision, next.Reasoning, next.DecidedAt, nullID(next.DecidedBy), id); err != nil {
			return fmt.Errorf("decide appeal: %w", err)
		}
		return appendEvents(ctx, c, cur.ComplaintID, ev)
	})
	if err != nil {
		return complaint.Appeal{}, err
	}
	return s.Appeal(ctx, id)
}

// AppealStepCandidates returns open appeals whose step is due (due_at at or
// before dueBy) and has not happened.
func (s *Store) AppealStepCandidates(
	ctx context.Context,
	step string,
	dueBy time.Time,
	limit int,
) ([]complaint.Appeal, error) {
	out, err := collect(
		ctx,
		s.reader(),
		scanAppeal,
		`SELECT `+appealColumns+appealFrom+` WHERE a.decided_at IS NULL AND a.due_at <= ?
		AND NOT EXISTS (SELECT 1 FROM appeal_steps x WHERE x.appeal_id = a.id AND x.step = ?) ORDER BY a.due_at, a.id LIMIT ?`,
		dueBy,
		step,
		limit,
	)
	if err != nil {
		return nil, fmt.Errorf("appeal steps: %w", err)
	}
	return out, nil
}

// FireAppealStep makes an appeal's step happen once, as FireStep does for
// complaints: claimed by its key, with its event, in one transaction.
func (s *Store) FireAppealStep(ctx context.Context, a complaint.Appeal, step string, ev complaint.Event) (bool, error) {
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(
			ctx,
			`INSERT INTO appeal_steps (appeal_id, step, fired_at) VALUES (?, ?, ?) ON CONFLICT (appeal_id, step) DO NOTHING`,
			a.ID,
			step,
			ev.At,
		)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errStepTaken
		}
		var decided sql.NullString
		err = c.queryRow(ctx, `SELECT decision FROM appeals WHERE id = ? AND decided_at IS NULL`, a.ID).Scan(&decided)
		if errors.Is(err, sql.ErrNoRows) {
			return errStepTaken // decided meanwhile: the step has nothing to say
		}
		if err != nil {
			return fmt.Errorf("appeal still open: %w", err)
		}
		return appendEvents(ctx, c, a.ComplaintID, ev)
	})
	if errors.Is(err, errStepTaken) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("appeal %d step %s: %w", a.ID, step, err)
	}
	return true, nil
}
