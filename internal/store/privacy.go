package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/webhook"
)

// Removed stands in for personal data that was pseudonymised. A field
// that held something holds this; an empty field stays empty, so the
// evaluation's completeness figures (P4.7) of old quarters still add up.
const Removed = "[verwijderd]"

// removedEmail stands in for an e-mail address: still one by its form.
const removedEmail = "verwijderd@example.invalid"

// keptEventKinds are the timeline events whose data holds no personal
// data (statuses, routes, reminders); the data of every other event is
// replaced when a complaint is pseudonymised.
var keptEventKinds = []string{"registered", "status_changed", "assigned", "forwarded", "reminder", "escalated",
	"mail_sent", "mail_retrying", "mail_failed", "letter_printed", "appeal_reminder", "appeal_overdue", "appeal_decided"}

// SubjectQuery names a person whose data is asked for: any of the fields,
// matched exactly (e-mail and name without regard to case).
type SubjectQuery struct {
	Email        string `json:"email,omitempty"`
	MemberNumber string `json:"member_number,omitempty"`
	Name         string `json:"name,omitempty"`
	Postcode     string `json:"postcode,omitempty"` // with Address: a postal address
	Address      string `json:"address,omitempty"`
}

// Check refuses a query that would match nobody in particular.
func (q SubjectQuery) Check() (SubjectQuery, error) {
	q = SubjectQuery{Email: strings.ToLower(strings.TrimSpace(q.Email)), MemberNumber: strings.TrimSpace(q.MemberNumber),
		Name: strings.TrimSpace(
			q.Name,
		), Postcode: strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(q.Postcode), " ", "")), Address: strings.TrimSpace(q.Address)}
	if (q.Postcode == "") != (q.Address == "") {
		return q, fault.InvalidField("postcode", "err.subject.address")
	}
	if q.Email == "" && q.MemberNumber == "" && q.Name == "" && q.Postcode == "" {
		return q, fault.InvalidField("email", "err.subject.query")
	}
	return q, nil
}

func (q SubjectQuery) where(prefix string) (string, []any) {
	var or []string
	var args []any
	if q.Email != "" {
		or = append(or, "LOWER("+prefix+"email) = ?")
		args = append(args, q.Email)
	}
	if q.MemberNumber != "" {
		or = append(or, prefix+"member_number = ?")
		args = append(args, q.MemberNumber)
	}
	if q.Name != "" {
		or = append(or, "LOWER("+prefix+"name) = ?")
		args = append(args, strings.ToLower(q.Name))
	}
	if q.Postcode != "" {
		or = append(or, "(REPLACE(UPPER("+prefix+"postcode), ' ', '') = ? AND LOWER("+prefix+"address) = ?)")
		args = append(args, q.Postcode, strings.ToLower(q.Address))
	}
	return "(" + strings.Join(or, " OR ") + ")", args
}

// SubjectRecords are what the register holds about a person.
type SubjectRecords struct {
	Complaints    []string `json:"complaints"`    // references
	Cancellations []int64  `json:"cancellations"` // ids
}

// FindSubject finds every complaint and cancellation that names the person
// (those already pseudonymised hold nothing of them and are left out).
func (s *Store) FindSubject(ctx context.Context, q SubjectQuery) (SubjectRecords, error) {
	var out SubjectRecords
	q, err := q.Check()
	if err != nil {
		return out, err
	}
	where, args := q.where("")
	if out.Complaints, err = collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (string, error) {
		var ref string
		return ref, r.Scan(&ref)
	}, `SELECT reference FROM complaints WHERE pseudonymised_at IS NULL AND `+where+` ORDER BY id`, args...); err != nil {
		return out, fmt.Errorf("find subject: %w", err)
	}
	if out.Cancellations, err = collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT id FROM cancellations WHERE pseudonymised_at IS NULL AND `+where+` ORDER BY id`, args...); err != nil {
		return out, fmt.Errorf("find subject: %w", err)
	}
	return out, nil
}

// Pseudonymise removes the personal data of complaints (by reference) and
// cancellations (by id) and keeps everything the evaluation counts:
// categories, channels, dates, statuses, outcomes as yes or no. The
// complaint's name, address, contact, member number, text and the
// outcome's wording go; attachments, status links and messages waiting
// to be sent go; the timeline keeps its events, with their data replaced
// where it could hold personal data. It is recorded in the audit log under
// why ("retention", "erasure").
func (s *Store) Pseudonymise(ctx context.Context, r SubjectRecords, why string, now time.Time) error {
	if len(r.Complaints) == 0 && len(r.Cancellations) == 0 {
		return nil
	}
	blank := func(col, with string) string {
		return col + " = CASE WHEN " + col + " <> '' THEN '" + with + "' ELSE '' END"
	}
	personal := strings.Join([]string{blank("member_number", Removed), blank("name", Removed), blank("address", Removed),
		blank("postcode", Removed), blank("city", Removed), blank("email", removedEmail), blank("phone", Removed)}, ", ")
	err := s.inTx(ctx, func(c conn) error {
		for _, part := range chunks(r.Complaints, 500) {
			in, args := inList(part)
			ids, err := collect(ctx, c, func(r interface{ Scan(...any) error }) (int64, error) {
				var id int64
				return id, r.Scan(&id)
			}, `SELECT id FROM complaints WHERE reference IN `+in, args...)
			if err != nil {
				return err
			}
			idIn, idArgs := inList(ids)
			for _, q := range []string{
				`UPDATE complaints SET ` + personal + `, ` + blank("description", Removed) + `, ` + blank("outcome", Removed) + `, ` + blank("told_by", Removed) +
					`, messages = '', pseudonymised_at = ? WHERE id IN ` + idIn,
				`DELETE FROM complaint_phones WHERE complaint_id IN ` + idIn,
				`UPDATE complaint_events SET data = '{"pseudonymised":true}' WHERE complaint_id IN ` + idIn + ` AND kind NOT IN ` + literalList(keptEventKinds),
				`DELETE FROM attachments WHERE complaint_id IN ` + idIn,
				`DELETE FROM status_links WHERE complaint_id IN ` + idIn,
				`UPDATE outbox SET recipient = '', address = '', subject = '` + Removed + `', body = '` + Removed + `',
					status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
					last_error = CASE WHEN status = 'pending' THEN 'pseudonymised' ELSE last_error END WHERE complaint_id IN ` + idIn,
				`UPDATE expert_requests SET question = '` + Removed + `', answer = CASE WHEN answer <> '' THEN '` + Removed + `' ELSE '' END WHERE complaint_id IN ` + idIn,
				`UPDATE ratings SET comment = CASE WHEN comment <> '' THEN '` + Removed + `' ELSE '' END WHERE complaint_id IN ` + idIn,
				`UPDATE webhook_deliveries SET payload = '{"pseudonymised":true}',
					status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
					last_error = CASE WHEN status = 'pending' THEN 'pseudonymised' ELSE last_error END WHERE complaint_id IN ` + idIn,
				`UPDATE complaint_representatives SET name = '` + Removed + `', address = '', postcode = '', city = '', email = '',
					phone = '', authorisation_note = '' WHERE complaint_id IN ` + idIn,
				`UPDATE complaint_decisions SET outcome_reason = CASE WHEN outcome_reason <> '' THEN '` + Removed + `' ELSE '' END,
					remedy_asked = CASE WHEN remedy_asked <> '' THEN '` + Removed + `' ELSE '' END,
					remedy_given = CASE WHEN remedy_given <> '' THEN '` + Removed + `' ELSE '' END WHERE complaint_id IN ` + idIn,
				`UPDATE appeals SET grounds = '` + Removed + `', reasoning = CASE WHEN reasoning <> '' THEN '` + Removed + `' ELSE '' END WHERE complaint_id IN ` + idIn,
			} {
				a := idArgs
				if strings.Contains(q, "pseudonymised_at = ?") {
					a = append([]any{now}, idArgs...)
				}
				if _, err := c.exec(ctx, q, a...); err != nil {
					return fmt.Errorf("pseudonymise complaints: %w", err)
				}
			}
			entries := make([]audit.Entry, len(part))
			for i, ref := range part {
				entries[i] = audit.Entry{At: now, Action: "privacy.pseudonymised", Object: ref, Detail: why}
			}
			if err := appendAudit(ctx, c, entries...); err != nil {
				return err
			}
		}
		for _, part := range chunks(r.Cancellations, 500) {
			in, args := inList(part)
			if _, err := c.exec(ctx, `UPDATE cancellations SET `+personal+`, `+blank("reason_text", Removed)+`, `+blank("outcome", Removed)+
				`, pseudonymised_at = ? WHERE id IN `+in, append([]any{now}, args...)...); err != nil {
				return fmt.Errorf("pseudonymise cancellations: %w", err)
			}
			subjects := make([]string, len(part))
			for i, id := range part {
				subjects[i] = cancellationSubject(id)
			}
			subIn, subArgs := inList(subjects)
			if _, err := c.exec(ctx, `UPDATE webhook_deliveries SET payload = '{"pseudonymised":true}',
				status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
				last_error = CASE WHEN status = 'pending' THEN 'pseudonymised' ELSE last_error END
				WHERE complaint_id IS NULL AND subject IN `+subIn, subArgs...); err != nil {
				return fmt.Errorf("pseudonymise cancellations' webhooks: %w", err)
			}
			entries := make([]audit.Entry, len(part))
			for i, id := range part {
				entries[i] = audit.Entry{
					At:     now,
					Action: "privacy.pseudonymised",
					Object: audit.Object("cancellation", id),
					Detail: why,
				}
			}
			if err := appendAudit(ctx, c, entries...); err != nil {
				return err
			}
		}
		// Other systems holding the same person's data hear of it, by
		// reference and id alone.
		return tellWebhooks(ctx, c, webhookMessage{Type: webhook.SubjectErased, Subject: webhook.SubjectErased, At: now,
			Data: func(auth.Role) any {
				return map[string]any{"why": why, "complaints": r.Complaints, "cancellations": r.Cancellations}
			}})
	})
	if err != nil {
		return fmt.Errorf("pseudonymise: %w", err)
	}
	return nil
}

// RetentionDue lists what the retention rule reaches at now: complaints
// closed, and cancellations cancelled, before the cut-off and still
// holding personal data; at most limit of each.
func (s *Store) RetentionDue(ctx context.Context, before time.Time, limit int) (SubjectRecords, error) {
	var out SubjectRecords
	var err error
	if out.Complaints, err = collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (string, error) {
		var ref string
		return ref, r.Scan(&ref)
	}, `SELECT reference FROM complaints WHERE closed_at IS NOT NULL AND pseudonymised_at IS NULL AND closed_at < ? ORDER BY closed_at, id LIMIT ?`, before, limit); err != nil {
		return out, fmt.Errorf("retention: %w", err)
	}
	if out.Cancellations, err = collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT id FROM cancellations WHERE pseudonymised_at IS NULL AND status IN ('reached', 'not_reached', 'done') AND cancelled_on < ?
		AND (complaint_id IS NULL OR complaint_id IN (SELECT id FROM complaints WHERE closed_at < ?)) ORDER BY cancelled_on, id LIMIT ?`, before, before, limit); err != nil {
		return out, fmt.Errorf("retention: %w", err)
	}
	return out, nil
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > 0 {
		k := min(n, len(xs))
		out = append(out, xs[:k])
		xs = xs[k:]
	}
	return out
}

// inList is "(?, ?, …)" with its arguments.
func inList[T any](xs []T) (string, []any) {
	if len(xs) == 0 {
		return "(NULL)", nil
	}
	args := make([]any, len(xs))
	for i, x := range xs {
		args[i] = x
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(xs)), ", ") + ")", args
}

// literalList is a SQL list of fixed words (never user input).
func literalList(words []string) string {
	return "('" + strings.Join(words, "', '") + "')"
}
