package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// StepCandidates returns open complaints received at or before receivedBy
// that have not had step yet, oldest first.
func (s *Store) StepCandidates(
	ctx context.Context,
	step complaint.StepKind,
	receivedBy time.Time,
	limit int,
) ([]complaint.Complaint, error) {
	out, err := collect(ctx, s.reader(), scanComplaint, `SELECT `+complaintColumns+complaintFrom+`
		WHERE `+sqlOpen+` AND c.received_at <= ? AND c.paused_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM term_steps s WHERE s.complaint_id = c.id AND s.step = ?)
		ORDER BY c.received_at, c.id LIMIT ?`, receivedBy, string(step), limit)
	if err != nil {
		return nil, fmt.Errorf("step candidates: %w", err)
	}
	return out, nil
}

// errStepTaken rolls back a step that another run fired first.
var errStepTaken = errors.New("step already fired")

// FireStep makes a term-watch step happen for one complaint, exactly once
// (an event without a kind claims the step and records nothing):
// the step's row in term_steps is claimed, the event appended and its
// notifications written in one transaction. With two schedulers on one
// database the second insert finds the row and does nothing; fired is
// false then, as it is for a complaint that was closed meanwhile.
func (s *Store) FireStep(
	ctx context.Context,
	complaintID int64,
	step complaint.StepKind,
	ev complaint.Event,
) (fired bool, err error) {
	err = s.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `INSERT INTO term_steps (complaint_id, step, fired_at) VALUES (?, ?, ?)
			ON CONFLICT (complaint_id, step) DO NOTHING`, complaintID, string(step), ev.At)
		if err != nil {
			return fmt.Errorf("claim %s: %w", step, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errStepTaken
		}
		var status string
		if err := tx.queryRow(ctx, `SELECT status FROM complaints WHERE id = ?`, complaintID).Scan(&status); err != nil {
			return fmt.Errorf("complaint %d: %w", complaintID, err)
		}
		if !complaint.Status(status).Open() {
			return errStepTaken
		}
		if ev.Kind == "" {
			return nil // claimed, with nothing to tell
		}
		return appendEvents(ctx, tx, complaintID, ev)
	})
	if errors.Is(err, errStepTaken) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("fire %s for complaint %d: %w", step, complaintID, err)
	}
	return true, nil
}

// Notification is one item of a user's in-app list.
type Notification struct {
	ID          int64
	ComplaintID int64
	Reference   string
	Kind        complaint.EventKind
	At          time.Time
	ReadAt      time.Time
}

// Notifications returns a user's latest notifications, newest first, and
// how many are unread.
func (s *Store) Notifications(ctx context.Context, userID int64, limit int) (_ []Notification, _ int, err error) {
	defer fault.Wrap(&err, "notifications")
	c := s.reader()
	var unread int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&unread); err != nil {
		return nil, 0, err
	}
	rows, err := c.query(ctx, `SELECT n.id, COALESCE(n.complaint_id, 0), COALESCE(c.reference, ''), n.kind, n.at, n.read_at
		FROM notifications n LEFT JOIN complaints c ON c.id = n.complaint_id
		WHERE n.user_id = ? ORDER BY n.id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var kind string
		if err := rows.Scan(&n.ID, &n.ComplaintID, &n.Reference, &kind, timeCol{&n.At}, timeCol{&n.ReadAt}); err != nil {
			return nil, 0, err
		}
		n.Kind = complaint.EventKind(kind)
		out = append(out, n)
	}
	return out, unread, rows.Err()
}

// UnreadNotifications counts a user's unread notifications.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("unread notifications: %w", err)
	}
	return n, nil
}

// MarkNotificationsRead marks all of a user's notifications read.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, now, userID); err != nil {
			return fmt.Errorf("mark notifications read: %w", err)
		}
		return nil
	})
}
