package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/intake"
	"github.com/klacht/klacht/internal/store"
)

// E-mail intake (P3.3): a mail becomes a complaint, or joins the complaint
// whose reference it carries, or waits in the quarantine when it cannot be
// read. Each mail is taken in once, by its Message-ID.

var (
	referenceInText = regexp.MustCompile(`\b[A-Z]{1,5}-\d{4}-\d{5,}\b`)
	outboxMessageID = regexp.MustCompile(`^klacht-outbox-(\d+)@`)
)

// IntakeMail takes one raw mail in; it is the IMAP poller's Deliver.
func (s *Server) IntakeMail(ctx context.Context, raw []byte) error {
	now := s.now()
	m, err := intake.Parse(raw)
	if err != nil {
		id := m.MessageID
		if id == "" {
			id = fmt.Sprintf("unparsed-%x@klacht.invalid", sha(raw))
		}
		s.log.WarnContext(ctx, "mail quarantined", "message_id", id, "reason", err)
		return s.store.Quarantine(ctx, id, raw, err.Error(), now)
	}
	if taken, err := s.store.MailTaken(ctx, m.MessageID); err != nil || taken {
		return err
	}
	var atts []complaint.Attachment
	notes := append([]string(nil), m.Skipped...)
	for _, p := range m.Parts {
		if len(atts) == complaint.MaxAttachments {
			notes = append(notes, p.Name+" (too many files)")
			continue
		}
		a, err := complaint.NewAttachment("attachments", p.Name, p.Data, "email", now)
		if err != nil {
			notes = append(notes, p.Name+" ("+string(fault.CodeOf(err))+")")
			continue
		}
		atts = append(atts, a)
	}
	text := m.Text
	if len(notes) > 0 {
		text += "\n\n[Niet bewaard / not kept: " + strings.Join(notes, "; ") + "]"
	}
	if ref := s.mailReference(ctx, m); ref != "" {
		err := s.mailAddition(ctx, ref, m, text, atts, now)
		if err == nil || store.IsDuplicate(err) {
			return nil
		}
		if fault.CodeOf(err) != fault.NotFound {
			return err
		}
		// An unknown reference: it is a new complaint after all.
	}
	err = s.mailComplaint(ctx, m, text, atts)
	switch {
	case err == nil, store.IsDuplicate(err):
		return nil
	case fault.CodeOf(err) == fault.Invalid:
		return s.store.Quarantine(ctx, m.MessageID, raw, err.Error(), now)
	}
	return err
}

// mailReference finds the complaint a mail answers: a reference in its
// subject, or one of klacht's own Message-IDs it replies to.
func (s *Server) mailReference(ctx context.Context, m intake.Message) string {
	if ref := referenceInText.FindString(m.Subject); ref != "" {
		return ref
	}
	for _, id := range m.InReplyTo {
		if g := outboxMessageID.FindStringSubmatch(id); g != nil {
			n, _ := strconv.ParseInt(g[1], 10, 64)
			if ref, err := s.store.ComplaintOfOutbox(ctx, n); err == nil {
				return ref
			}
		}
	}
	return ""
}

// mailAddition adds a mail to its complaint's timeline.
func (s *Server) mailAddition(ctx context.Context, ref string, m intake.Message, text string, atts []complaint.Attachment, now time.Time) error {
	_, err := s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		ev := complaint.Event{At: now, Kind: complaint.EventEmailReceived, Attach: atts, MailID: m.MessageID,
			Data: map[string]any{"from": m.FromEmail, "subject": m.Subject, "text": text}}
		if c.AssigneeID != 0 {
			ev.Notify = []int64{c.AssigneeID}
		}
		c.UpdatedAt = now
		c, resumed := answered(c, now)
		return c, append([]complaint.Event{ev}, resumed...), nil
	})
	return err
}

// mailComplaint registers a mail as a new complaint, channel e-mail; mail
// to the forwarding address goes to the coordinator (P3.2).
func (s *Server) mailComplaint(ctx context.Context, m intake.Message, text string, atts []complaint.Attachment) error {
	name := m.FromName
	if name == "" {
		name = m.FromEmail
	}
	if strings.TrimSpace(text) == "" {
		text = m.Subject
	}
	if strings.TrimSpace(text) == "" {
		text = "(geen tekst / no text)"
	}
	if m.Subject != "" && !strings.Contains(text, m.Subject) {
		text = m.Subject + "\n\n" + text
	}
	forward := false
	for _, to := range m.To {
		if s.forwardAddress != "" && strings.EqualFold(to, s.forwardAddress) {
			forward = true
		}
	}
	received := m.Date
	if received.IsZero() || received.After(s.now()) {
		received = s.now()
	}
	d := complaint.Draft{
		Channel: "email", Category: "other", Description: clipRunes(text, complaint.MaxDescription), ReceivedAt: received,
		Complainant: complaint.Complainant{Name: clipRunes(name, complaint.MaxShortField), Email: m.FromEmail},
	}
	_, _, err := s.registerWith(ctx, auth.User{}, d, registration{Forward: forward, Attach: atts, MailID: m.MessageID})
	return err
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

func sha(b []byte) []byte { s := sha256.Sum256(b); return s[:8] }
