package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

// OutboxItem is a message to a complainant waiting for delivery or print.
type OutboxItem struct {
	ID            int64
	ComplaintID   int64
	Reference     string
	Kind          string
	Channel       string
	Lang          string
	Recipient     string
	Address       []string
	Subject       string
	Body          string
	Status        string // pending, sent, failed, printed
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	CreatedAt     time.Time
	DoneAt        time.Time
	// FileName and File are an attached file (a scheduled report's PDF);
	// File is read only when the mail is claimed for sending.
	FileName string
	File     []byte
}

const outboxColumns = `o.id, COALESCE(o.complaint_id, 0), COALESCE(c.reference, ''), o.kind, o.channel, o.lang, o.recipient, o.address,
	o.subject, o.body, o.status, o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.done_at`

const outboxFrom = ` FROM outbox o LEFT JOIN complaints c ON c.id = o.complaint_id`

func scanOutbox(row interface{ Scan(...any) error }) (OutboxItem, error) {
	var o OutboxItem
	var addr string
	err := row.Scan(
		&o.ID,
		&o.ComplaintID,
		&o.Reference,
		&o.Kind,
		&o.Channel,
		&o.Lang,
		&o.Recipient,
		&addr,
		&o.Subject,
		&o.Body,
		&o.Status,
		&o.Attempts,
		timeCol{&o.NextAttemptAt},
		&o.LastError,
		timeCol{&o.CreatedAt},
		timeCol{&o.DoneAt},
	)
	if addr != "" {
		o.Address = strings.Split(addr, "\n")
	}
	return o, err
}

func (s *Store) outboxWhere(ctx context.Context, cond string, args ...any) ([]OutboxItem, error) {
	rows, err := s.reader().query(ctx, `SELECT `+outboxColumns+outboxFrom+` WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		o, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ComplaintMessages lists the messages to a complainant, oldest first.
func (s *Store) ComplaintMessages(ctx context.Context, complaintID int64) ([]OutboxItem, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.outboxWhere(ctx, `o.complaint_id = ? ORDER BY o.id`, complaintID)
	if !sc.Contact {
		// A message's recipient, address, body and delivery error name the
		// complainant.
		for i := range items {
			items[i].Recipient, items[i].Address, items[i].Body = "", nil, ""
			if items[i].LastError != "" {
				items[i].LastError = complaint.Hidden // a server's error repeats the address
			}
		}
	}
	return items, err
}

// OutboxDepth counts e-mails waiting to go out and letters waiting for print.
func (s *Store) OutboxDepth(ctx context.Context) (emails, letters int, err error) {
	err = s.reader().queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN channel = 'email' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN channel = 'letter' THEN 1 ELSE 0 END), 0)
		FROM outbox WHERE status = 'pending'`).Scan(&emails, &letters)
	if err != nil {
		return 0, 0, fmt.Errorf("outbox depth: %w", err)
	}
	return emails, letters, nil
}

// ClaimEmail takes the next e-mail due for delivery and leases it until
// now+lease, so another server does not send it too; ok is false when none
// is due. A lease that runs out (a server died mid-send) frees the mail
// for another try: delivery is at least once, with a stable Message-ID.
func (s *Store) ClaimEmail(
	ctx context.Context,
	now time.Time,
	lease time.Duration,
) (item OutboxItem, ok bool, err error) {
	err = s.inTx(ctx, func(c conn) error {
		id, leased, err := claimLeased(ctx, c, "outbox", `SELECT id FROM outbox WHERE channel = 'email' AND status = 'pending'
			AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id LIMIT 1`,
			now, lease)
		if err != nil || !leased {
			return err
		}
		if item, err = scanOutbox(c.queryRow(ctx, `SELECT `+outboxColumns+outboxFrom+` WHERE o.id = ?`, id)); err != nil {
			return err
		}
		if err := c.queryRow(ctx, `SELECT file_name, file_data FROM outbox WHERE id = ?`, id).Scan(&item.FileName, &item.File); err != nil {
			return err
		}
		ok = true
		return nil
	})
	if err != nil {
		return item, false, fmt.Errorf("claim e-mail: %w", err)
	}
	return item, ok, nil
}

// StaffMail is an e-mail to a member of staff with a report attached.
type StaffMail struct {
	Kind, Lang, To, Subject, Body string
	FileName                      string
	File                          []byte
}

// QueueScheduled claims one run of a schedule (job, period) and queues its
// mails, in one transaction; false when the run was claimed before (by
// this server or another).
func (s *Store) QueueScheduled(
	ctx context.Context,
	job, period string,
	mails []StaffMail,
	now time.Time,
) (bool, error) {
	queued := false
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(
			ctx,
			`INSERT INTO scheduled_runs (job, period, ran_at) VALUES (?, ?, ?) ON CONFLICT (job, period) DO NOTHING`,
			job,
			period,
			now.UTC(),
		)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		for _, m := range mails {
			if _, err := c.exec(ctx, `INSERT INTO outbox (kind, channel, lang, recipient, subject, body, file_name, file_data, next_attempt_at, created_at)
				VALUES (?, 'email', ?, ?, ?, ?, ?, ?, ?, ?)`, m.Kind, m.Lang, m.To, m.Subject, m.Body, m.FileName, m.File, now.UTC(), now.UTC()); err != nil {
				return fmt.Errorf("queue %s for %s: %w", m.Kind, m.To, err)
			}
		}
		queued = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("scheduled %s %s: %w", job, period, err)
	}
	return queued, nil
}

// Scheduled reports whether a run of a schedule has been claimed.
func (s *Store) Scheduled(ctx context.Context, job, period string) (bool, error) {
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM scheduled_runs WHERE job = ? AND period = ?`, job, period).Scan(&n); err != nil {
		return false, fmt.Errorf("scheduled %s %s: %w", job, period, err)
	}
	return n > 0, nil
}

// outboxEvent appends a delivery event to the complaint of an outbox item.
func outboxEvent(
	ctx context.Context,
	c conn,
	id int64,
	kind complaint.EventKind,
	now time.Time,
	data map[string]any,
) error {
	var complaintID sql.NullInt64
	if err := c.queryRow(ctx, `SELECT complaint_id FROM outbox WHERE id = ?`, id).Scan(&complaintID); err != nil {
		return err
	}
	if !complaintID.Valid {
		return nil
	}
	return appendEvents(ctx, c, complaintID.Int64, complaint.Event{At: now, Kind: kind, Data: data})
}

// MarkSent records a delivered e-mail, on its complaint's timeline too.
func (s *Store) MarkSent(ctx context.Context, item OutboxItem, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE outbox SET status = 'sent', done_at = ?, lease_until = NULL, last_error = '' WHERE id = ?`, now, item.ID); err != nil {
			return fmt.Errorf("mark sent: %w", err)
		}
		return outboxEvent(
			ctx,
			c,
			item.ID,
			complaint.EventMailSent,
			now,
			map[string]any{"kind": item.Kind, "to": item.Recipient, "attempts": item.Attempts},
		)
	})
}

// MarkRetry records a failed attempt and when to try again; the timeline
// hears of the first failure only, so an outage does not flood it.
func (s *Store) MarkRetry(ctx context.Context, item OutboxItem, reason string, next, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?`, next, reason, item.ID); err != nil {
			return fmt.Errorf("mark retry: %w", err)
		}
		if item.Attempts != 1 {
			return nil
		}
		return outboxEvent(
			ctx,
			c,
			item.ID,
			complaint.EventMailRetrying,
			now,
			map[string]any{"kind": item.Kind, "to": item.Recipient, "error": reason},
		)
	})
}

// MarkFailed gives up on an e-mail: it stays visible as failed.
func (s *Store) MarkFailed(ctx context.Context, item OutboxItem, reason string, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE outbox SET status = 'failed', done_at = ?, lease_until = NULL, last_error = ? WHERE id = ?`, now, reason, item.ID); err != nil {
			return fmt.Errorf("mark failed: %w", err)
		}
		return outboxEvent(
			ctx,
			c,
			item.ID,
			complaint.EventMailFailed,
			now,
			map[string]any{"kind": item.Kind, "to": item.Recipient, "error": reason, "attempts": item.Attempts},
		)
	})
}

// PendingLetters returns the letters waiting to be printed, oldest first.
func (s *Store) PendingLetters(ctx context.Context) ([]OutboxItem, error) {
	return s.outboxWhere(ctx, `o.channel = 'letter' AND o.status = 'pending' ORDER BY o.id`)
}

// MarkPrinted records that letters went into a print run.
func (s *Store) MarkPrinted(ctx context.Context, items []OutboxItem, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		for _, it := range items {
			res, err := c.exec(
				ctx,
				`UPDATE outbox SET status = 'printed', done_at = ? WHERE id = ? AND status = 'pending'`,
				now,
				it.ID,
			)
			if err != nil {
				return fmt.Errorf("mark printed: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				if err := outboxEvent(ctx, c, it.ID, complaint.EventLetterPrinted, now, map[string]any{"kind": it.Kind}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// SavedTemplate is a message template an administrator saved; the
// built-in ones live in notify, which checks both.
type SavedTemplate struct {
	Kind, Lang, Subject, Body string
}

// Template returns the administrators' template of kind in lang; found is
// false when they saved none.
func (s *Store) Template(ctx context.Context, kind, lang string) (t SavedTemplate, found bool, err error) {
	t = SavedTemplate{Kind: kind, Lang: lang}
	err = s.reader().queryRow(ctx, `SELECT subject, body FROM message_templates WHERE kind = ? AND lang = ?`, kind, lang).
		Scan(&t.Subject, &t.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("template %s/%s: %w", kind, lang, err)
	}
	return t, true, nil
}

// SaveTemplate stores an administrator's template (checked by the caller);
// the change is recorded with the other profile edits.
func (s *Store) SaveTemplate(ctx context.Context, t SavedTemplate, actor int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO message_templates (kind, lang, subject, body, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (kind, lang) DO UPDATE SET subject = excluded.subject, body = excluded.body,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			t.Kind, t.Lang, t.Subject, t.Body, now, nullID(actor)); err != nil {
			return fmt.Errorf("save template: %w", err)
		}
		return recordProfileChange(ctx, c, actor, now, "template", map[string]any{"kind": t.Kind, "lang": t.Lang})
	})
}

// ResetTemplate removes an administrator's template, so the built-in one
// serves again.
func (s *Store) ResetTemplate(ctx context.Context, kind, lang string, actor int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM message_templates WHERE kind = ? AND lang = ?`, kind, lang); err != nil {
			return fmt.Errorf("reset template: %w", err)
		}
		return recordProfileChange(ctx, c, actor, now, "template_reset", map[string]any{"kind": kind, "lang": lang})
	})
}

// claimLeased leases the pending row of table that pick (a query of one
// id, with the two arguments now and now) names, until now+lease, and
// counts the attempt; leased is false when none is due or another server
// took it first. The row is locked where the database can skip it for
// others (SKIP LOCKED), so servers claiming together take different rows.
func claimLeased(
	ctx context.Context,
	c conn,
	table, pick string,
	now time.Time,
	lease time.Duration,
) (id int64, leased bool, err error) {
	err = c.queryRow(ctx, pick+c.dialect.skipLocked(), now, now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	res, err := c.exec(ctx, `UPDATE `+table+` SET lease_until = ?, attempts = attempts + 1
		WHERE id = ? AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?)`, now.Add(lease), id, now)
	if err != nil {
		return 0, false, err
	}
	n, _ := res.RowsAffected()
	return id, n == 1, nil
}
