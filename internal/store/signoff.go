package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/webhook"
)

// Signature is one reviewer's sign-off of a quarter's evaluation (P7.1).
type Signature struct {
	Role     string
	UserName string
	Note     string
	SignedAt time.Time
}

// SignEvaluation records a reviewer's signature. The first signature
// freezes the figures: snapshot is stored then and never replaced, so a
// signed evaluation keeps saying what its reviewers saw.
func (s *Store) SignEvaluation(
	ctx context.Context,
	quarter, role string,
	userID int64,
	note string,
	snapshot []byte,
	now time.Time,
) error {
	note = strings.TrimSpace(note)
	if len(note) > 5000 {
		return fault.InvalidField("note", "err.too_long", 5000)
	}
	err := s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO evaluations (quarter, snapshot, frozen_at) VALUES (?, ?, ?) ON CONFLICT (quarter) DO NOTHING`,
			quarter, string(snapshot), now); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO evaluation_signatures (quarter, role, user_id, note, signed_at) VALUES (?, ?, ?, ?, ?)`,
			quarter, role, userID, note, now); err != nil {
			return err
		}
		if err := appendAudit(
			ctx,
			c,
			audit.Entry{At: now, Action: "evaluation.signed", Object: "evaluation:" + quarter, Detail: role},
		); err != nil {
			return err
		}
		return tellWebhooks(ctx, c, webhookMessage{Type: webhook.EvaluationSigned, Subject: "evaluation " + quarter, At: now,
			Data: func(r auth.Role) any {
				if !auth.Can(r, auth.ReportView) {
					return nil
				}
				return map[string]any{"quarter": quarter, "role": role, "user_id": userID}
			}})
	})
	if isUniqueViolation(err) {
		return fault.New(fault.Conflict, "err.signoff.done")
	}
	if err != nil {
		return fmt.Errorf("sign evaluation %s: %w", quarter, err)
	}
	return nil
}

// Evaluation returns a quarter's frozen snapshot (nil when unsigned) and
// its signatures.
func (s *Store) Evaluation(ctx context.Context, quarter string) ([]byte, []Signature, error) {
	var snap string
	err := s.reader().queryRow(ctx, `SELECT snapshot FROM evaluations WHERE quarter = ?`, quarter).Scan(&snap)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("evaluation %s: %w", quarter, err)
	}
	sigs, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (Signature, error) {
		var g Signature
		return g, r.Scan(&g.Role, &g.UserName, &g.Note, timeCol{&g.SignedAt})
	}, `SELECT e.role, u.name, e.note, e.signed_at FROM evaluation_signatures e JOIN users u ON u.id = e.user_id WHERE e.quarter = ? ORDER BY e.signed_at`, quarter)
	if err != nil {
		return nil, nil, fmt.Errorf("signatures %s: %w", quarter, err)
	}
	return []byte(snap), sigs, nil
}

// AgendaItem is a recurring complaint put before the management team (P7.2).
type AgendaItem struct {
	ID          int64
	Quarter     string
	Title       string
	CreatedAt   time.Time
	Conclusion  string
	ConcludedAt time.Time
}

// AddAgendaItem puts a recurring item on the management team's agenda.
func (s *Store) AddAgendaItem(ctx context.Context, quarter, title string, by int64, now time.Time) error {
	title = strings.TrimSpace(title)
	if title == "" || len(title) > 500 {
		return fault.InvalidField("title", "err.required")
	}
	return s.inTx(ctx, func(c conn) error {
		_, err := c.exec(
			ctx,
			`INSERT INTO agenda_items (quarter, title, created_by, created_at) VALUES (?, ?, ?, ?)`,
			quarter,
			title,
			nullID(by),
			now,
		)
		if err != nil {
			return fmt.Errorf("agenda: %w", err)
		}
		return nil
	})
}

// ConcludeAgendaItem records the management team's conclusion.
func (s *Store) ConcludeAgendaItem(ctx context.Context, id int64, conclusion string, now time.Time) error {
	conclusion = strings.TrimSpace(conclusion)
	if conclusion == "" {
		return fault.InvalidField("conclusion", "err.required")
	}
	return s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE agenda_items SET conclusion = ?, concluded_at = ? WHERE id = ?`, conclusion, now, id)
		if err != nil {
			return fmt.Errorf("conclude agenda item: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "err.not_found")
		}
		return nil
	})
}

// AgendaItems lists the items of the given quarters, oldest first.
func (s *Store) AgendaItems(ctx context.Context, quarters ...string) ([]AgendaItem, error) {
	if len(quarters) == 0 {
		return nil, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(quarters)), ", ")
	args := make([]any, len(quarters))
	for i, q := range quarters {
		args[i] = q
	}
	out, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (AgendaItem, error) {
		var a AgendaItem
		return a, r.Scan(&a.ID, &a.Quarter, &a.Title, timeCol{&a.CreatedAt}, &a.Conclusion, timeCol{&a.ConcludedAt})
	}, `SELECT id, quarter, title, created_at, conclusion, concluded_at FROM agenda_items WHERE quarter IN (`+marks+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	return out, nil
}
