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

// ExpertRequest is a question to someone outside the staff about a
// complaint (P5.3), answered through a secret link until it expires.
type ExpertRequest struct {
	ID            int64     `json:"id"`
	ComplaintID   int64     `json:"-"`
	Reference     string    `json:"reference"`
	Name          string    `json:"name"`
	Email         string    `json:"email"`
	Lang          string    `json:"lang"`
	Question      string    `json:"question"`
	ShareText     bool      `json:"share_text"` // the expert sees the complaint's description
	Deadline      time.Time `json:"deadline"`
	ExpiresAt     time.Time `json:"expires_at"`
	CreatedBy     int64     `json:"-"`
	CreatedByName string    `json:"asked_by"`
	CreatedAt     time.Time `json:"asked_at"`
	RemindedAt    time.Time `json:"reminded_at,omitzero"`
	AnsweredAt    time.Time `json:"answered_at,omitzero"`
	Answer        string    `json:"answer,omitempty"`
	// Role is RoleExpert, or RoleSubject for the person the complaint is
	// about, who gets a copy and gives their side (Awb 9:9–9:10).
	Role string `json:"role"`
}

// The roles of a request through a signed link.
const (
	RoleExpert  = "expert"
	RoleSubject = "subject"
)

// events are the timeline's kinds for the request's asking and answering.
func (x ExpertRequest) events() (asked, answered complaint.EventKind) {
	if x.Role == RoleSubject {
		return complaint.EventSubjectCopy, complaint.EventSubjectAnswered
	}
	return complaint.EventExpertAsked, complaint.EventExpertAnswered
}

// Answered reports whether the expert answered.
func (x ExpertRequest) Answered() bool { return !x.AnsweredAt.IsZero() }

const expertColumns = `x.id, x.complaint_id, c.reference, x.name, x.email, x.lang, x.question, x.share_text, x.deadline, x.expires_at,
	COALESCE(x.created_by, 0), COALESCE(u.name, ''), x.created_at, x.reminded_at, x.answered_at, x.answer, x.role`

const expertFrom = ` FROM expert_requests x JOIN complaints c ON c.id = x.complaint_id LEFT JOIN users u ON u.id = x.created_by`

func scanExpert(r interface{ Scan(...any) error }) (ExpertRequest, error) {
	var x ExpertRequest
	err := r.Scan(
		&x.ID,
		&x.ComplaintID,
		&x.Reference,
		&x.Name,
		&x.Email,
		&x.Lang,
		&x.Question,
		&x.ShareText,
		timeCol{&x.Deadline},
		timeCol{&x.ExpiresAt},
		&x.CreatedBy,
		&x.CreatedByName,
		timeCol{&x.CreatedAt},
		timeCol{&x.RemindedAt},
		timeCol{&x.AnsweredAt},
		&x.Answer,
		&x.Role,
	)
	return x, err
}

// AskExpert stores the request and records it on the complaint's timeline
// with the mail that carries the link (compose makes it once the request
// has its id), in one transaction.
func (s *Store) AskExpert(ctx context.Context, reference string, x ExpertRequest,
	compose func(x ExpertRequest) complaint.Outgoing) (ExpertRequest, error) {
	if !complaint.LooksLikeReference(reference) {
		return x, fault.New(fault.NotFound, "err.complaint.not_found")
	}
	err := s.inTx(ctx, func(tx conn) error {
		cond, args, err := scoped(ctx, "c.reference = ?", []any{reference})
		if err != nil {
			return err
		}
		c, err := s.complaintWhere(ctx, tx, cond, args...)
		if err != nil {
			return err
		}
		if !c.Status.Open() {
			return fault.New(fault.Conflict, "err.expert.not_open")
		}
		x, err = askTx(ctx, tx, c, x, compose)
		return err
	})
	if err != nil {
		return x, fmt.Errorf("ask expert on %s: %w", reference, err)
	}
	return x, nil
}

// askTx stores a request on c and records it on the timeline with the
// mail that carries its link, in the caller's transaction.
func askTx(ctx context.Context, tx conn, c complaint.Complaint, x ExpertRequest,
	compose func(x ExpertRequest) complaint.Outgoing) (ExpertRequest, error) {
	if x.Role == "" {
		x.Role = RoleExpert
	}
	x.ComplaintID, x.Reference = c.ID, c.Reference
	var err error
	if x.ID, err = tx.insertID(ctx, `INSERT INTO expert_requests (complaint_id, name, email, lang, question, share_text,
		deadline, expires_at, created_by, created_at, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, x.Name, x.Email,
		x.Lang, x.Question, x.ShareText, x.Deadline, x.ExpiresAt, nullID(x.CreatedBy), x.CreatedAt, x.Role); err != nil {
		return x, fmt.Errorf("insert: %w", err)
	}
	asked, _ := x.events()
	ev := complaint.Event{
		At:      x.CreatedAt,
		ActorID: x.CreatedBy,
		Kind:    asked,
		Send:    []complaint.Outgoing{compose(x)},
		Data: map[string]any{
			"name":     x.Name,
			"email":    x.Email,
			"question": x.Question,
			"deadline": x.Deadline.Format(time.RFC3339),
		},
	}
	return x, appendEvents(ctx, tx, c.ID, ev)
}

// ExpertRequest finds a request with its complaint (the link was checked
// already); an expired one is not found.
func (s *Store) ExpertRequest(
	ctx context.Context,
	id int64,
	now time.Time,
) (ExpertRequest, complaint.Complaint, error) {
	x, err := scanExpert(s.reader().queryRow(ctx, `SELECT `+expertColumns+expertFrom+` WHERE x.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !now.Before(x.ExpiresAt)) {
		return x, complaint.Complaint{}, fault.New(fault.NotFound, "err.expert.link")
	}
	if err != nil {
		return x, complaint.Complaint{}, fmt.Errorf("expert link: %w", err)
	}
	c, err := s.complaintWhere(ctx, s.reader(), "c.id = ?", x.ComplaintID)
	return x, c, err
}

// AnswerExpert records the expert's answer, once, on the timeline; the
// colleague who asked and the handler hear of it.
func (s *Store) AnswerExpert(ctx context.Context, id int64, answer string, now time.Time) error {
	err := s.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(
			ctx,
			`UPDATE expert_requests SET answer = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL`,
			answer,
			now.UTC(),
			id,
		)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fault.New(fault.Conflict, "err.expert.answered")
		}
		x, err := scanExpert(tx.queryRow(ctx, `SELECT `+expertColumns+expertFrom+` WHERE x.id = ?`, id))
		if err != nil {
			return err
		}
		var assignee int64
		if err := tx.queryRow(ctx, `SELECT COALESCE(assignee_id, 0) FROM complaints WHERE id = ?`, x.ComplaintID).Scan(&assignee); err != nil {
			return err
		}
		_, answered := x.events()
		ev := complaint.Event{
			At:   now.UTC(),
			Kind: answered,
			Data: map[string]any{"name": x.Name, "text": answer},
		}
		for _, uid := range []int64{x.CreatedBy, assignee} {
			if uid != 0 && (len(ev.Notify) == 0 || ev.Notify[0] != uid) {
				ev.Notify = append(ev.Notify, uid)
			}
		}
		return appendEvents(ctx, tx, x.ComplaintID, ev)
	})
	if err != nil {
		return fmt.Errorf("answer expert request %d: %w", id, err)
	}
	return nil
}

// ExpertRequests lists a complaint's requests, newest first.
func (s *Store) ExpertRequests(ctx context.Context, complaintID int64) ([]ExpertRequest, error) {
	out, err := collect(
		ctx,
		s.reader(),
		scanExpert,
		`SELECT `+expertColumns+expertFrom+` WHERE x.complaint_id = ? ORDER BY x.id DESC`,
		complaintID,
	)
	if err != nil {
		return nil, fmt.Errorf("expert requests: %w", err)
	}
	return out, nil
}

// ExpertsToRemind are the unanswered requests whose deadline is within
// lead of now (or past) and who have had no reminder, while the link holds.
func (s *Store) ExpertsToRemind(
	ctx context.Context,
	now time.Time,
	lead time.Duration,
	limit int,
) ([]ExpertRequest, error) {
	out, err := collect(ctx, s.reader(), scanExpert, `SELECT `+expertColumns+expertFrom+`
		WHERE x.answered_at IS NULL AND x.reminded_at IS NULL AND x.deadline <= ? AND x.expires_at > ? ORDER BY x.deadline, x.id LIMIT ?`,
		now.Add(lead).UTC(), now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("experts to remind: %w", err)
	}
	return out, nil
}

// RemindExpert claims the request's one reminder and queues its mail; false
// when another server (or an answer) came first.
func (s *Store) RemindExpert(
	ctx context.Context,
	x ExpertRequest,
	mail complaint.Outgoing,
	now time.Time,
) (bool, error) {
	fired := false
	err := s.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(
			ctx,
			`UPDATE expert_requests SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL AND answered_at IS NULL`,
			now.UTC(),
			x.ID,
		)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		fired = true
		return appendEvents(ctx, tx, x.ComplaintID, complaint.Event{At: now.UTC(), Kind: complaint.EventExpertReminded,
			Data: map[string]any{"name": x.Name}, Send: []complaint.Outgoing{mail}})
	})
	if err != nil {
		return false, fmt.Errorf("remind expert %d: %w", x.ID, err)
	}
	return fired, nil
}
