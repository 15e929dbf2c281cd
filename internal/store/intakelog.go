package store

import (
	"context"
	"fmt"
	"time"
)

// IntakeEntry is one mail read from the mailbox and what became of it.
type IntakeEntry struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"at"`
	Outcome      string    `json:"outcome"`
	MessageID    string    `json:"message_id"`
	SHA256       string    `json:"sha256"`
	Mailbox      string    `json:"mailbox,omitempty"`
	Reference    string    `json:"reference,omitempty"`     // the complaint it made or joined
	QuarantineID int64     `json:"quarantine_id,omitempty"` // or where it waits
	ReceivedAt   time.Time `json:"received_at,omitzero"`    // when the mailbox got it
	SentAt       time.Time `json:"sent_at,omitzero"`        // the sender's Date: header
}

// IntakeLog returns up to limit entries of the intake log, newest first,
// older than the entry beforeID (0: from the newest), of one outcome or
// of all ("").
func (s *Store) IntakeLog(ctx context.Context, outcome string, beforeID int64, limit int) ([]IntakeEntry, error) {
	where, args := "WHERE 1 = 1", []any{}
	if outcome != "" {
		where += " AND i.outcome = ?"
		args = append(args, outcome)
	}
	if beforeID > 0 {
		where += " AND i.id < ?"
		args = append(args, beforeID)
	}
	rows, err := s.reader().
		query(ctx, `SELECT i.id, i.at, i.outcome, i.message_id, i.sha256, i.mailbox, COALESCE(c.reference, ''),
		COALESCE(i.quarantine_id, 0), i.received_at, i.sent_at
		FROM mail_intake i LEFT JOIN complaints c ON c.id = i.complaint_id `+where+` ORDER BY i.id DESC LIMIT ?`,
			append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("intake log: %w", err)
	}
	defer rows.Close()
	var out []IntakeEntry
	for rows.Next() {
		var e IntakeEntry
		if err := rows.Scan(&e.ID, timeCol{&e.At}, &e.Outcome, &e.MessageID, &e.SHA256, &e.Mailbox, &e.Reference,
			&e.QuarantineID, timeCol{&e.ReceivedAt}, timeCol{&e.SentAt}); err != nil {
			return nil, fmt.Errorf("intake log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// IntakeCounts counts the intake log by outcome, every outcome present.
func (s *Store) IntakeCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, o := range IntakeOutcomes {
		out[o] = 0
	}
	rows, err := s.reader().query(ctx, `SELECT outcome, COUNT(*) FROM mail_intake GROUP BY outcome`)
	if err != nil {
		return nil, fmt.Errorf("intake counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return nil, fmt.Errorf("intake counts: %w", err)
		}
		out[o] = n
	}
	return out, rows.Err()
}
