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

// Intake outcomes: every mail read from the mailbox ends in exactly one of
// these, recorded in the intake log (P3.3: nothing is dropped silently).
const (
	OutcomeComplaint  = "complaint"  // a new complaint
	OutcomeAddition   = "addition"   // added to the complaint it answers
	OutcomeQuarantine = "quarantine" // kept raw, for someone to look at
	OutcomeDuplicate  = "duplicate"  // the same message, taken in before
)

// IntakeOutcomes lists the outcomes in the order pages and metrics show them.
var IntakeOutcomes = []string{OutcomeComplaint, OutcomeAddition, OutcomeQuarantine, OutcomeDuplicate}

// TakenMail is where a message taken in before went: a complaint or the
// quarantine.
type TakenMail struct {
	ComplaintID  int64
	QuarantineID int64
}

// MailTaken reports whether this very message (by the digest of its raw
// bytes) was taken in already, and where it went. A different message
// with a known Message-ID is not taken: it is taken in as what it is.
func (s *Store) MailTaken(ctx context.Context, sha string) (TakenMail, bool, error) {
	var t TakenMail
	var n int
	r := s.reader()
	if err := r.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(complaint_id), 0) FROM mail_messages WHERE sha256 = ?`, sha).
		Scan(&n, &t.ComplaintID); err != nil {
		return t, false, fmt.Errorf("mail taken: %w", err)
	}
	if n > 0 {
		return t, true, nil
	}
	err := r.queryRow(ctx, `SELECT id FROM mail_quarantine WHERE sha256 = ?`, sha).Scan(&t.QuarantineID)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("mail taken: %w", err)
	}
	return t, true, nil
}

// ThreadOf returns the complaint an earlier mail with one of these
// Message-IDs was taken into, for replies that quote it, when that
// complaint is from the same sender (a Message-ID is no secret, so a
// stranger quoting one joins nothing); "" if none.
func (s *Store) ThreadOf(ctx context.Context, messageIDs []string, sender string) (string, error) {
	for _, id := range messageIDs {
		var ref string
		err := s.reader().queryRow(ctx, `SELECT c.reference FROM mail_messages m JOIN complaints c ON c.id = m.complaint_id
			WHERE m.message_id = ? AND c.email = ? ORDER BY m.created_at LIMIT 1`, id, sender).Scan(&ref)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("thread of %s: %w", id, err)
		}
		return ref, nil
	}
	return "", nil
}

// recordMail notes, with the event it made, that a mail was taken in: by
// its digest, so the same message never makes a second event, and in the
// intake log.
func recordMail(ctx context.Context, tx conn, complaintID int64, e complaint.Event) error {
	m := e.Mail
	if _, err := tx.exec(ctx, `INSERT INTO mail_messages (sha256, message_id, complaint_id, created_at) VALUES (?, ?, ?, ?)`,
		m.SHA256, m.MessageID, complaintID, e.At); err != nil {
		return fmt.Errorf("record mail %s: %w", m.MessageID, err)
	}
	outcome := OutcomeAddition
	if e.Kind == complaint.EventRegistered {
		outcome = OutcomeComplaint
	}
	return logIntake(ctx, tx, *m, outcome, complaintID, 0, e.At)
}

func logIntake(
	ctx context.Context,
	tx conn,
	m complaint.IncomingMail,
	outcome string,
	complaintID, quarantineID int64,
	at time.Time,
) error {
	if _, err := tx.exec(ctx, `INSERT INTO mail_intake (at, sha256, message_id, mailbox, outcome, complaint_id, quarantine_id, received_at, sent_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, at, m.SHA256, m.MessageID, m.Mailbox, outcome, nullID(complaintID), nullID(quarantineID),
		nullTime(m.ReceivedAt), nullTime(m.SentAt)); err != nil {
		return fmt.Errorf("intake log: %w", err)
	}
	return nil
}

// LogDuplicate records that a message read again was the same message as
// one taken in before (after a restart, or delivered twice), with where
// the first went.
func (s *Store) LogDuplicate(ctx context.Context, m complaint.IncomingMail, first TakenMail, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		return logIntake(ctx, c, m, OutcomeDuplicate, first.ComplaintID, first.QuarantineID, now)
	})
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

// Quarantine keeps a mail that could not be read, raw, with the reason,
// and logs it; the same message (by digest) is kept once, and a second
// read of it is logged as the duplicate it is.
func (s *Store) Quarantine(
	ctx context.Context,
	m complaint.IncomingMail,
	raw []byte,
	reason string,
	now time.Time,
) error {
	return s.inTx(ctx, func(c conn) error {
		var id int64
		err := c.queryRow(ctx, `SELECT id FROM mail_quarantine WHERE sha256 = ?`, m.SHA256).Scan(&id)
		switch {
		case err == nil:
			return logIntake(ctx, c, m, OutcomeDuplicate, 0, id, now)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("quarantine: %w", err)
		}
		received := m.ReceivedAt
		if received.IsZero() {
			received = now
		}
		id, err = c.insertID(
			ctx,
			`INSERT INTO mail_quarantine (sha256, message_id, raw, reason, received_at) VALUES (?, ?, ?, ?, ?)`,
			m.SHA256,
			m.MessageID,
			raw,
			reason,
			received,
		)
		if err != nil {
			return fmt.Errorf("quarantine: %w", err)
		}
		return logIntake(ctx, c, m, OutcomeQuarantine, 0, id, now)
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
	err := s.reader().
		queryRow(ctx, `SELECT id, message_id, reason, raw, received_at FROM mail_quarantine WHERE id = ?`, id).
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
	err := s.reader().
		queryRow(ctx, `SELECT c.reference FROM outbox o JOIN complaints c ON c.id = o.complaint_id WHERE o.id = ?`, outboxID).
		Scan(&ref)
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
