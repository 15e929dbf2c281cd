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

// Rating is the complainant's judgement of how their complaint was
// handled: a score from 1 to 5 and what they add.
type Rating struct {
	Score   int       `json:"score"`
	Comment string    `json:"comment"`
	At      time.Time `json:"rated_at"`
}

// Rate records the complainant's rating of a handled complaint, once, with
// its event on the timeline; the domain decides (complaint.Rate).
func (s *Store) Rate(ctx context.Context, complaintID int64, score int, comment string, now time.Time) error {
	err := s.inTx(ctx, func(tx conn) error {
		var status string
		var c complaint.Complaint
		var rated int
		err := tx.queryRow(ctx, `SELECT status, COALESCE(assignee_id, 0),
			(SELECT COUNT(*) FROM ratings r WHERE r.complaint_id = c.id) FROM complaints c WHERE id = ?`, complaintID).
			Scan(&status, &c.AssigneeID, &rated)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "err.complaint.not_found")
		}
		if err != nil {
			return err
		}
		c.ID, c.Status = complaintID, complaint.Status(status)
		ev, err := c.Rate(score, comment, rated > 0, now)
		if err != nil {
			return err
		}
		// Two ratings sent at once: the database keeps the first.
		res, err := tx.exec(ctx, `INSERT INTO ratings (complaint_id, score, comment, rated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (complaint_id) DO NOTHING`, complaintID, score, ev.Data["text"], now.UTC())
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fault.New(fault.Conflict, "err.rating.already")
		}
		return appendEvents(ctx, tx, complaintID, ev)
	})
	if err != nil {
		return fmt.Errorf("rate complaint %d: %w", complaintID, err)
	}
	return nil
}

// RatingOf is a complaint's rating; ok is false when there is none.
func (s *Store) RatingOf(ctx context.Context, complaintID int64) (r Rating, ok bool, err error) {
	err = s.reader().
		queryRow(ctx, `SELECT score, comment, rated_at FROM ratings WHERE complaint_id = ?`, complaintID).
		Scan(&r.Score, &r.Comment, timeCol{&r.At})
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("rating of complaint %d: %w", complaintID, err)
	}
	return r, true, nil
}

// Ratings counts the ratings given in [from, to) and their mean score.
func (s *Store) Ratings(ctx context.Context, from, to time.Time) (n int, mean float64, err error) {
	err = s.analytics().
		queryRow(ctx, `SELECT COUNT(*), COALESCE(AVG(score), 0) FROM ratings WHERE rated_at >= ? AND rated_at < ?`, from.UTC(), to.UTC()).
		Scan(&n, &mean)
	if err != nil {
		return 0, 0, fmt.Errorf("ratings: %w", err)
	}
	return n, mean, nil
}
