package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

// MailTaken reports whether an e-mail with this Message-ID was taken in
// already (as a complaint, an addition, or into the quarantine).
func (s *Store) MailTaken(ctx context.Context, messageID string) (bool, error) {
	var n int
	err := s.reader().queryRow(ctx, `SELECT (SELECT COUNT(*) FROM mail_messages WHERE message_id = ?) +
		(SELECT COUNT(*) FROM mail_quarantine WHERE message_id = ?)`, messageID, messageID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("mail taken: %w", err)
	}
	return n > 0, nil
}

// IsDuplicate reports whether err comes from taking in the same e-mail (or
// any unique key) twice; intake treats that as done.
func IsDuplicate(err error) bool { return isUniqueViolation(err) }

// Quarantined is a mail that could not be taken in.
type Quarantined struct {
	ID         int64
	MessageID  string
	Reason     string
	Size       int
	ReceivedAt time.Time
	Raw        []byte
}

// Quarantine keeps a mail that could not be read, raw, with the reason;
// the same mail is kept once.
func (s *Store) Quarantine(ctx context.Context, messageID string, raw []byte, reason string, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO mail_quarantine (message_id, raw, reason, received_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (message_id) DO NOTHING`, messageID, raw, reason, now); err != nil {
			return fmt.Errorf("quarantine: %w", err)
		}
		return nil
	})
}

// QuarantineList returns the unresolved quarantine, newest first.
func (s *Store) QuarantineList(ctx context.Context) ([]Quarantined, error) {
	rows, err := s.reader().query(ctx, `SELECT id, message_id, reason, LENGTH(raw), received_at FROM mail_quarantine
		WHERE resolved_at IS NULL ORDER BY id DESC LIMIT 200`)
	if err != nil {
		return nil, fmt.Errorf("quarantine: %w", err)
	}
	defer rows.Close()
	var out []Quarantined
	for rows.Next() {
		var q Quarantined
		if err := rows.Scan(&q.ID, &q.MessageID, &q.Reason, &q.Size, timeCol{&q.ReceivedAt}); err != nil {
			return nil, fmt.Errorf("quarantine: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// QuarantinedMail returns one quarantined mail with its raw bytes.
func (s *Store) QuarantinedMail(ctx context.Context, id int64) (Quarantined, error) {
	var q Quarantined
	err := s.reader().queryRow(ctx, `SELECT id, message_id, reason, raw, received_at FROM mail_quarantine WHERE id = ?`, id).
		Scan(&q.ID, &q.MessageID, &q.Reason, &q.Raw, timeCol{&q.ReceivedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return q, fault.New(fault.NotFound, "err.not_found")
	}
	if err != nil {
		return q, fmt.Errorf("quarantined mail %d: %w", id, err)
	}
	q.Size = len(q.Raw)
	return q, nil
}

// ComplaintOfOutbox returns the reference of the complaint an outgoing
// message belonged to, for replies that quote its Message-ID.
func (s *Store) ComplaintOfOutbox(ctx context.Context, outboxID int64) (string, error) {
	var ref string
	err := s.reader().queryRow(ctx, `SELECT c.reference FROM outbox o JOIN complaints c ON c.id = o.complaint_id WHERE o.id = ?`, outboxID).Scan(&ref)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fault.New(fault.NotFound, "err.complaint.not_found")
	}
	if err != nil {
		return "", fmt.Errorf("complaint of outbox %d: %w", outboxID, err)
	}
	return ref, nil
}

// ResolveQuarantine marks a quarantined mail dealt with.
func (s *Store) ResolveQuarantine(ctx context.Context, id int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE mail_quarantine SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL`, now, id)
		if err != nil {
			return fmt.Errorf("resolve quarantine: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "err.not_found")
		}
		return nil
	})
}
