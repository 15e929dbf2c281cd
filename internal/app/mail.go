package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
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
// read. A mail is the same mail only when it is the same message (the
// digest of its bytes); its Message-ID is a hint for threading. Every mail
// read leaves one entry in the intake log with what became of it.

var (
	referenceInText = regexp.MustCompile(`\b[A-Z]{1,5}-\d{4}-\d{5,}\b`)
	outboxMessageID = regexp.MustCompile(`^klacht-outbox-(\d+)@`)
)

// maxMailAttachments bounds the files one mail keeps; the parser already
// stops at its own limit of parts.
const maxMailAttachments = 50

// TakeMail takes one mail in; it is the IMAP poller's Deliver.
func (a *Service) TakeMail(ctx context.Context, in intake.Mail) error {
	ctx = store.System(ctx) // the mailbox is klacht's own machinery
	now := a.Now()
	sum := sha256.Sum256(in.Raw)
	ref := complaint.IncomingMail{SHA256: hex.EncodeToString(sum[:]), Mailbox: in.Mailbox, ReceivedAt: in.ReceivedAt}
	// Received means when klacht's mailbox got it; a date the server
	// cannot give, or one ahead of this clock, is the moment of intake.
	if ref.ReceivedAt.IsZero() || ref.ReceivedAt.After(now) {
		ref.ReceivedAt = now
	}
	ref.ReceivedAt = ref.ReceivedAt.UTC()
	m, parseErr := intake.Parse(in.Raw)
	ref.MessageID, ref.SentAt = m.MessageID, m.Date
	if ref.MessageID == "" {
		ref.MessageID = "sha256-" + ref.SHA256[:32] + "@klacht.invalid"
	}
	if first, taken, err := a.store.MailTaken(ctx, ref.SHA256); err != nil {
		return err
	} else if taken {
		return a.store.LogDuplicate(ctx, ref, first, now)
	}
	if parseErr != nil {
		a.log.WarnContext(ctx, "mail quarantined", "message_id", ref.MessageID, "reason", parseErr)
		return a.store.Quarantine(ctx, ref, in.Raw, parseErr.Error(), now)
	}
	var atts []complaint.Attachment
	notKept := append([]intake.Skipped(nil), m.Skipped...)
	for _, p := range m.Parts {
		if len(atts) == maxMailAttachments {
			notKept = append(notKept, intake.Skipped{Name: p.Name, Why: "too_many"})
			continue
		}
		a, err := complaint.NewMailAttachment(p.Name, p.Data, http.DetectContentType(p.Data), now)
		if err != nil {
			why := "too_large"
			if len(p.Data) == 0 {
				why = "empty"
			}
			notKept = append(notKept, intake.Skipped{Name: p.Name, Why: why})
			continue
		}
		atts = append(atts, a)
	}
	mail := incoming{ref: ref, msg: m, attach: atts, notKept: notKept}
	if to := a.mailReference(ctx, m); to != "" {
		err := a.mailAddition(ctx, to, mail, now)
		if err == nil {
			return nil
		}
		if store.IsDuplicate(err) {
			return a.logRace(ctx, ref, now)
		}
		if fault.CodeOf(err) != fault.NotFound {
			return err
		}
		// An unknown reference: it is a new complaint after all.
	}
	err := a.mailComplaint(ctx, mail)
	switch {
	case err == nil:
		return nil
	case store.IsDuplicate(err):
		return a.logRace(ctx, ref, now)
	case fault.CodeOf(err) == fault.Invalid:
		return a.store.Quarantine(ctx, ref, in.Raw, err.Error(), now)
	}
	return err
}

// logRace records the loser of two servers taking in the same message at
// once: the winner's entry names the outcome, this one the duplicate.
func (a *Service) logRace(ctx context.Context, ref complaint.IncomingMail, now time.Time) error {
	first, _, err := a.store.MailTaken(ctx, ref.SHA256)
	if err != nil {
		return err
	}
	return a.store.LogDuplicate(ctx, ref, first, now)
}

// incoming is a mail read for intake: what identifies it, what it says,
// the files it keeps and those it could not.
type incoming struct {
	ref     complaint.IncomingMail
	msg     intake.Message
	attach  []complaint.Attachment
	notKept []intake.Skipped
}

// mailData is what the timeline shows of a mail: the sender's own date as
// "sent", and the files that could not be kept, with why.
func (in incoming) mailData(data map[string]any) map[string]any {
	if !in.ref.SentAt.IsZero() {
		data["sent_at"] = in.ref.SentAt.Format(time.RFC3339)
	}
	if len(in.notKept) > 0 {
		list := make([]any, len(in.notKept))
		for i, k := range in.notKept {
			list[i] = map[string]any{"name": k.Name, "why": k.Why}
		}
		data["not_kept"] = list
	}
	return data
}

// mailReference finds the complaint a mail answers: a reference in its
// subject, one of klacht's own Message-IDs it replies to, or the sender's
// own earlier mail it replies to.
func (a *Service) mailReference(ctx context.Context, m intake.Message) string {
	if ref := referenceInText.FindString(m.Subject); ref != "" {
		return ref
	}
	for _, id := range m.InReplyTo {
		if g := outboxMessageID.FindStringSubmatch(id); g != nil {
			n, _ := strconv.ParseInt(g[1], 10, 64)
			if ref, err := a.store.ComplaintOfOutbox(ctx, n); err == nil {
				return ref
			}
		}
	}
	// A reply to the complainant's own earlier mail joins its complaint.
	ref, err := a.store.ThreadOf(ctx, m.InReplyTo, m.FromEmail)
	if err != nil {
		a.log.WarnContext(ctx, "mail thread", "err", err)
	}
	return ref
}

// mailAddition adds a mail to its complaint's timeline.
func (a *Service) mailAddition(ctx context.Context, ref string, in incoming, now time.Time) error {
	m := in.msg
	_, err := a.store.UpdateComplaint(
		ctx,
		ref,
		func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			ev := complaint.Event{At: now, Kind: complaint.EventEmailReceived, Attach: in.attach, Mail: &in.ref,
				Data: in.mailData(map[string]any{"from": m.FromEmail, "subject": m.Subject, "text": m.Text})}
			if c.AssigneeID != 0 {
				ev.Notify = []int64{c.AssigneeID}
			}
			c.UpdatedAt = now
			c, resumed := c.Answered(now)
			return c, append([]complaint.Event{ev}, resumed...), nil
		},
	)
	return err
}

// mailComplaint registers a mail as a new complaint, channel e-mail; mail
// to the forwarding address goes to the coordinator (P3.2).
func (a *Service) mailComplaint(ctx context.Context, in incoming) error {
	m, text := in.msg, in.msg.Text
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
		if a.forwardAddress != "" && strings.EqualFold(to, a.forwardAddress) {
			forward = true
		}
	}
	d := complaint.Draft{
		Channel: complaint.ChannelEmail, Category: a.Profile().Unclassified(),
		Description: clipRunes(text, complaint.MaxDescription), ReceivedAt: in.ref.ReceivedAt,
		Complainant: complaint.Complainant{Name: clipRunes(name, complaint.MaxShortField), Email: m.FromEmail},
	}
	_, _, err := a.Register(ctx, auth.User{}, d, Registration{Forward: forward, Attach: in.attach, Mail: &in.ref,
		EventData: in.mailData(map[string]any{})})
	return err
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
