package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/webhook"
)

const cancellationColumns = `x.id, x.source, x.source_id, x.member_number, x.name, x.email, x.phone, x.address, x.postcode, x.city,
	x.cancelled_on, x.reason, x.reason_text, x.reason_clear, x.status, x.attempts, x.call_back_at, x.outcome, x.recorded_reason,
	x.offer, x.offer_accepted, COALESCE(x.complaint_id, 0), COALESCE(c.reference, ''), x.created_at, x.updated_at`

const cancellationFrom = ` FROM cancellations x LEFT JOIN complaints c ON c.id = x.complaint_id`

func scanCancellation(row interface{ Scan(...any) error }) (cancellation.Cancellation, error) {
	var x cancellation.Cancellation
	var status string
	err := row.Scan(
		&x.ID,
		&x.Source,
		&x.SourceID,
		&x.MemberNumber,
		&x.Name,
		&x.Email,
		&x.Phone,
		&x.Address,
		&x.Postcode,
		&x.City,
		timeCol{
			&x.CancelledOn,
		},
		&x.Reason,
		&x.ReasonText,
		&x.ReasonClear,
		&status,
		&x.Attempts,
		timeCol{&x.CallBackAt},
		&x.Outcome,
		&x.RecordedReason,
		&x.Offer,
		&x.OfferAccepted,
		&x.ComplaintID,
		&x.ComplaintRef,
		timeCol{&x.CreatedAt},
		timeCol{&x.UpdatedAt},
	)
	x.Status = cancellation.Status(status)
	return x, err
}

func insertCancellation(ctx context.Context, c conn, x cancellation.Cancellation) (int64, error) {
	return insertNewRows(ctx, c, "cancellations", cancellationCols, [][]any{cancellationRow(x)}, "source, source_id", nil)
}

var cancellationCols = []string{"source", "source_id", "member_number", "name", "email", "phone", "address", "postcode",
	"city", "cancelled_on", "reason", "reason_text", "reason_clear", "status", "recorded_reason", "created_at", "updated_at"}

func cancellationRow(x cancellation.Cancellation) []any {
	return []any{x.Source, x.SourceID, x.MemberNumber, x.Name, x.Email, x.Phone, x.Address, x.Postcode, x.City,
		x.CancelledOn, x.Reason, x.ReasonText, x.ReasonClear, string(x.Status), x.RecordedReason, x.CreatedAt, x.UpdatedAt}
}

// ImportCancellations stores the good rows of an import in one
// transaction: all of them or, on any failure, none. A row whose source id
// was imported before is left alone, so importing a file twice adds
// nothing. progress, when set, hears how many rows are done.
func (s *Store) ImportCancellations(
	ctx context.Context,
	source string,
	rows []cancellation.Row,
	progress func(done int),
) (imported, existing int, err error) {
	err = s.inTx(ctx, func(c conn) error {
		values := make([][]any, len(rows))
		for i, r := range rows {
			r.C.Source = source
			values[i] = cancellationRow(r.C)
		}
		// Rows already imported (the same source id) are left as they are.
		n, err := insertNewRows(ctx, c, "cancellations", cancellationCols, values, "source, source_id", progress)
		if err != nil {
			return err
		}
		imported, existing = int(n), len(rows)-int(n)
		if err := appendAudit(ctx, c, audit.Entry{Action: "cancellation.imported", Object: "source:" + source,
			Detail: fmt.Sprintf("%d new, %d known", imported, existing)}); err != nil {
			return err
		}
		if imported == 0 {
			return nil
		}
		// One event for the import: the membership system sent the rows.
		return tellWebhooks(ctx, c, webhookMessage{Type: webhook.CancellationImported, Subject: "import " + source,
			At: rows[0].C.CreatedAt, Data: func(r auth.Role) any {
				if !webhook.CancellationTold(r) {
					return nil
				}
				return map[string]any{"source": source, "imported": imported, "known": existing}
			}})
	})
	if err != nil {
		return 0, 0, fmt.Errorf("import cancellations: %w", err)
	}
	if progress != nil {
		progress(len(rows))
	}
	return imported, existing, nil
}

// CreateCancellation stores one cancellation (the API's way in); created
// is false when its source id was stored before, and the stored one is
// returned.
func (s *Store) CreateCancellation(
	ctx context.Context,
	x cancellation.Cancellation,
) (cancellation.Cancellation, bool, error) {
	var created bool
	err := s.inTx(ctx, func(c conn) error {
		n, err := insertCancellation(ctx, c, x)
		created = n == 1
		if err != nil || !created {
			return err
		}
		if err := appendAudit(
			ctx,
			c,
			audit.Entry{At: x.CreatedAt, Action: "cancellation.created", Object: "cancellation:" + x.Source + "/" + x.SourceID},
		); err != nil {
			return err
		}
		stored, err := cancellationBySource(ctx, c, x.Source, x.SourceID)
		if err != nil {
			return err
		}
		// One cancellation sent alone is an import of one: the same event,
		// with the cancellation itself beside the counts.
		return tellWebhooks(ctx, c, webhookMessage{Type: webhook.CancellationImported,
			Subject: cancellationSubject(stored.ID), At: stored.CreatedAt, Data: func(r auth.Role) any {
				if !webhook.CancellationTold(r) {
					return nil
				}
				return map[string]any{"source": stored.Source, "imported": 1, "known": 0,
					"cancellation": webhook.ViewCancellation(stored, nil, auth.VisibilityOf(r).Contact)}
			}})
	})
	if err != nil {
		return x, false, fmt.Errorf("create cancellation: %w", err)
	}
	out, err := cancellationBySource(ctx, conn{q: s.w, dialect: s.dialect}, x.Source, x.SourceID)
	return out, created, err
}

// cancellationBySource reads a cancellation by the membership system's id.
func cancellationBySource(ctx context.Context, c conn, source, sourceID string) (cancellation.Cancellation, error) {
	x, err := scanCancellation(c.queryRow(ctx, `SELECT `+cancellationColumns+cancellationFrom+
		` WHERE x.source = ? AND x.source_id = ?`, source, sourceID))
	if err != nil {
		return x, fmt.Errorf("cancellation %s/%s: %w", source, sourceID, err)
	}
	return x, nil
}

// Cancellation returns one cancellation.
func (s *Store) Cancellation(ctx context.Context, id int64) (cancellation.Cancellation, error) {
	x, err := scanCancellation(
		s.reader().queryRow(ctx, `SELECT `+cancellationColumns+cancellationFrom+` WHERE x.id = ?`, id),
	)
	if errors.Is(err, sql.ErrNoRows) {
		return x, fault.New(fault.NotFound, "err.not_found")
	}
	if err != nil {
		return x, fmt.Errorf("cancellation %d: %w", id, err)
	}
	return x, nil
}

// Cancellations lists cancellations of a status (all when empty), the
// oldest cancellation first: the call list is worked from the front.
func (s *Store) Cancellations(
	ctx context.Context,
	status cancellation.Status,
	limit int,
) ([]cancellation.Cancellation, error) {
	q, args := `SELECT `+cancellationColumns+cancellationFrom, []any{}
	if status != "" {
		q += ` WHERE x.status = ?`
		args = append(args, string(status))
	}
	args = append(args, limit)
	out, err := collect(ctx, s.reader(), scanCancellation, q+` ORDER BY x.cancelled_on, x.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("cancellations: %w", err)
	}
	return out, nil
}

// CountCancellations counts cancellations of a status (all when empty).
func (s *Store) CountCancellations(ctx context.Context, status cancellation.Status) (int, error) {
	q, args := `SELECT COUNT(*) FROM cancellations`, []any{}
	if status != "" {
		q += ` WHERE status = ?`
		args = append(args, string(status))
	}
	var n int
	if err := s.reader().queryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count cancellations: %w", err)
	}
	return n, nil
}

// UpdateCancellation applies change to a cancellation under lock and
// stores the calls it made.
func (s *Store) UpdateCancellation(
	ctx context.Context,
	id int64,
	change func(cancellation.Cancellation) (cancellation.Cancellation, []cancellation.Call, error),
) (cancellation.Cancellation, error) {
	var out cancellation.Cancellation
	err := s.inTx(ctx, func(c conn) error {
		lock := s.dialect.forUpdate("x")
		cur, err := scanCancellation(
			c.queryRow(ctx, `SELECT `+cancellationColumns+cancellationFrom+` WHERE x.id = ?`+lock, id),
		)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "err.not_found")
		}
		if err != nil {
			return err
		}
		next, calls, err := change(cur)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE cancellations SET status = ?, attempts = ?, call_back_at = ?, outcome = ?, recorded_reason = ?,
			offer = ?, offer_accepted = ?, updated_at = ? WHERE id = ?`, string(next.Status), next.Attempts, nullTime(next.CallBackAt),
			next.Outcome, next.RecordedReason, next.Offer, next.OfferAccepted, next.UpdatedAt, id); err != nil {
			return fmt.Errorf("update cancellation: %w", err)
		}
		for _, call := range calls {
			if _, err := c.exec(ctx, `INSERT INTO cancellation_calls (cancellation_id, at, actor_id, result, call_back_at, note) VALUES (?, ?, ?, ?, ?, ?)`,
				id, call.At, nullID(call.ActorID), call.Result, nullTime(call.CallBackAt), call.Note); err != nil {
				return fmt.Errorf("record call: %w", err)
			}
		}
		out, err = scanCancellation(c.queryRow(ctx, `SELECT `+cancellationColumns+cancellationFrom+` WHERE x.id = ?`, id))
		if err != nil {
			return err
		}
		if err := tellWebhooks(ctx, c, cancellationWebhooks(cur, out, calls)...); err != nil {
			return err
		}
		return appendAudit(
			ctx,
			c,
			audit.Entry{
				At:     next.UpdatedAt,
				Action: "cancellation.updated",
				Object: audit.Object("cancellation", id),
				Detail: string(next.Status),
			},
		)
	})
	return out, err
}

// Calls lists the call attempts of a cancellation, oldest first.
func (s *Store) Calls(ctx context.Context, id int64) ([]cancellation.Call, error) {
	rows, err := s.reader().
		query(ctx, `SELECT k.at, COALESCE(k.actor_id, 0), COALESCE(u.name, ''), k.result, k.call_back_at, k.note
		FROM cancellation_calls k LEFT JOIN users u ON u.id = k.actor_id WHERE k.cancellation_id = ? ORDER BY k.id`, id)
	if err != nil {
		return nil, fmt.Errorf("calls: %w", err)
	}
	defer rows.Close()
	var out []cancellation.Call
	for rows.Next() {
		var k cancellation.Call
		if err := rows.Scan(timeCol{&k.At}, &k.ActorID, &k.ActorName, &k.Result, timeCol{&k.CallBackAt}, &k.Note); err != nil {
			return nil, fmt.Errorf("calls: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// SaveRate counts offers made and accepted (P6.4).
func (s *Store) SaveRate(ctx context.Context) (offered, accepted int, err error) {
	err = s.reader().queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN offer_accepted = 'yes' THEN 1 ELSE 0 END), 0)
		FROM cancellations WHERE offer <> ''`).Scan(&offered, &accepted)
	if err != nil {
		return 0, 0, fmt.Errorf("save rate: %w", err)
	}
	return offered, accepted, nil
}

// SaveMapping remembers a cancellation import source's column mapping.
func (s *Store) SaveMapping(ctx context.Context, source string, m cancellation.Mapping, now time.Time) error {
	return s.SaveImportMapping(ctx, source, m, now)
}

// Mapping returns a cancellation import source's saved mapping, or the
// default.
func (s *Store) Mapping(ctx context.Context, source string) (cancellation.Mapping, bool, error) {
	m, ok, err := s.ImportMapping(ctx, source)
	if err != nil || !ok {
		return cancellation.DefaultMapping(), false, err
	}
	return m, true, nil
}

// SaveImportMapping remembers an import source's column mapping (field →
// column).
func (s *Store) SaveImportMapping(ctx context.Context, source string, m map[string]string, now time.Time) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO import_mappings (source, mapping, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (source) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`, source, string(raw), now)
		if err != nil {
			return fmt.Errorf("save mapping: %w", err)
		}
		return nil
	})
}

// ImportMapping returns an import source's saved mapping; ok is false
// when none was saved.
func (s *Store) ImportMapping(ctx context.Context, source string) (map[string]string, bool, error) {
	var raw string
	err := s.reader().queryRow(ctx, `SELECT mapping FROM import_mappings WHERE source = ?`, source).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("mapping: %w", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, false, fmt.Errorf("mapping: %w", err)
	}
	return m, true, nil
}

// CancellationOfComplaint returns the id of the cancellation a complaint
// was found behind (P6.3), or 0.
func (s *Store) CancellationOfComplaint(ctx context.Context, complaintID int64) (int64, error) {
	var id int64
	err := s.reader().queryRow(ctx, `SELECT id FROM cancellations WHERE complaint_id = ?`, complaintID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("cancellation of complaint: %w", err)
	}
	return id, nil
}

// cancellationSubject is the ordering key of a cancellation's deliveries.
func cancellationSubject(id int64) string { return fmt.Sprintf("cancellation %d", id) }

// cancellationWebhooks tells the membership system of a cancellation's
// calls and its conclusion (P6.4, P6.5): the reason found, the offer and
// whether it was accepted.
func cancellationWebhooks(before, after cancellation.Cancellation, calls []cancellation.Call) []webhookMessage {
	tell := func(t string, call *cancellation.Call, at time.Time) webhookMessage {
		return webhookMessage{Type: t, Subject: cancellationSubject(after.ID), At: at, Data: func(r auth.Role) any {
			if !webhook.CancellationTold(r) {
				return nil
			}
			return map[string]any{"cancellation": webhook.ViewCancellation(after, call, auth.VisibilityOf(r).Contact)}
		}}
	}
	var msgs []webhookMessage
	for i := range calls {
		msgs = append(msgs, tell(webhook.CancellationCalled, &calls[i], calls[i].At))
	}
	if after.Status != before.Status && after.Status != cancellation.ToCall {
		msgs = append(msgs, tell(webhook.CancellationConcluded, nil, after.UpdatedAt))
	}
	return msgs
}
