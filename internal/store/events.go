package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/complaint"
)

// eventsOf are events of one complaint to append; actor, when named, is
// who the audit log says made them (else the context's actor).
type eventsOf struct {
	complaintID int64
	actor       audit.Actor
	events      []complaint.Event
}

var (
	eventCols        = []string{"complaint_id", "at", "actor_id", "kind", "data"}
	statusLinkCols   = []string{"token_hash", "complaint_id", "created_at"}
	attachmentCols   = []string{"complaint_id", "filename", "content_type", "size", "sha256", "data", "source", "created_at"}
	outboxCols       = []string{"complaint_id", "kind", "channel", "lang", "recipient", "address", "subject", "body", "next_attempt_at", "created_at"}
	notificationCols = []string{"user_id", "complaint_id", "kind", "at"}
)

// appendEvents appends events to a complaint's timeline, with what they
// bring: mail recorded, attachments, messages queued, staff notified, the
// text searched and the audit log.
func appendEvents(ctx context.Context, tx conn, complaintID int64, events ...complaint.Event) error {
	return appendEventsOf(ctx, tx, eventsOf{complaintID: complaintID, events: events})
}

// appendEventsOf appends the events of several complaints, a statement per
// table for all of them (a batch of creates appends its registrations so).
func appendEventsOf(ctx context.Context, tx conn, batch ...eventsOf) error {
	var events, attachments, links, outbox, notifications [][]any
	for _, b := range batch {
		id := b.complaintID
		for _, e := range b.events {
			data, err := json.Marshal(e.Data)
			if err != nil {
				return fmt.Errorf("event data: %w", err)
			}
			if e.Data == nil {
				data = []byte("{}")
			}
			events = append(events, []any{id, e.At, nullID(e.ActorID), string(e.Kind), string(data)})
			if e.Mail != nil {
				if err := recordMail(ctx, tx, id, e); err != nil {
					return err
				}
			}
			for _, a := range e.Attach {
				attachments = append(attachments, []any{id, a.Filename, a.ContentType, a.Size, a.SHA256, a.Data, a.Source, a.CreatedAt})
			}
			for _, m := range e.Send {
				if m.StatusLinkHash != "" {
					links = append(links, []any{m.StatusLinkHash, id, e.At})
				}
				outbox = append(outbox, []any{id, m.Kind, m.Channel, m.Lang, m.To, strings.Join(m.Address, "\n"),
					m.Subject, m.Body, e.At, e.At})
			}
			for _, uid := range e.Notify {
				notifications = append(notifications, []any{uid, id, string(e.Kind), e.At})
			}
		}
	}
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"complaint_events", eventCols, events},
		{"attachments", attachmentCols, attachments},
		{"status_links", statusLinkCols, links},
		{"outbox", outboxCols, outbox},
		{"notifications", notificationCols, notifications},
	} {
		if err := insertRows(ctx, tx, t.table, t.cols, t.rows, "", nil); err != nil {
			return err
		}
	}
	for _, b := range batch {
		if err := indexMessages(ctx, tx, b.complaintID, b.events); err != nil {
			return err
		}
	}
	if err := complaintWebhooks(ctx, tx, batch); err != nil {
		return err
	}
	return auditEvents(ctx, tx, batch)
}

// messageKinds are the events whose text is searched with the complaint.
var messageKinds = map[complaint.EventKind]bool{
	complaint.EventNote:             true,
	complaint.EventEmailReceived:    true,
	complaint.EventRated:            true,
	complaint.EventExpertAnswered:   true,
	complaint.EventEmailSent:        true,
	complaint.EventComplainantAdded: true,
}

// indexMessages adds the text of notes, e-mails and the complainant's
// additions to what full-text search reads (complaints.messages).
func indexMessages(ctx context.Context, tx conn, complaintID int64, events []complaint.Event) error {
	var text strings.Builder
	for _, e := range events {
		if !messageKinds[e.Kind] {
			continue
		}
		for _, k := range []string{"subject", "text"} {
			if v, ok := e.Data[k].(string); ok && v != "" {
				text.WriteString(" " + v)
			}
		}
	}
	if text.Len() == 0 {
		return nil
	}
	return tx.execLater(ctx, "index messages", `UPDATE complaints SET messages = messages || ? WHERE id = ?`,
		text.String(), complaintID)
}

// auditEvents records every change to a complaint in the audit log, in the
// change's own transaction. The entry names what happened, not what the
// complaint says: the log holds no more personal data than it must.
func auditEvents(ctx context.Context, tx conn, batch []eventsOf) error {
	var entries []audit.Entry
	for _, b := range batch {
		if len(b.events) == 0 {
			continue
		}
		ref, known := "", false
		if tx.state != nil {
			ref, known = tx.state.refs[b.complaintID]
		}
		if !known {
			if err := tx.queryRow(ctx, `SELECT reference FROM complaints WHERE id = ?`, b.complaintID).Scan(&ref); err != nil {
				return fmt.Errorf("audit complaint %d: %w", b.complaintID, err)
			}
		}
		for _, e := range b.events {
			entries = append(entries, audit.Entry{At: e.At, Actor: b.actor, Action: "complaint." + string(e.Kind), Object: ref,
				Detail: auditDetail(e)})
		}
	}
	return appendAudit(ctx, tx, entries...)
}

// auditDetail is what an entry says beyond its action: the fields changed
// or the statuses moved between, never their personal values.
func auditDetail(e complaint.Event) string {
	switch e.Kind {
	case complaint.EventStatusChanged:
		return fmt.Sprintf("%v → %v", e.Data["from"], e.Data["to"])
	case complaint.EventUpdated:
		if changes, ok := e.Data["changes"].(map[string]any); ok {
			fields := make([]string, 0, len(changes))
			for f := range changes {
				fields = append(fields, f)
			}
			slices.Sort(fields)
			return strings.Join(fields, ", ")
		}
	}
	return ""
}
