package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// How the complainant was told of the outcome (P5.2).
const (
	ToldByPhone  = "phone"
	ToldByEmail  = "email"
	ToldByLetter = "letter"
)

// Told is how the complainant heard how their complaint was handled
// (P5.2): which way, by whom, when, what, and whether they were satisfied.
type Told struct {
	Via       string
	By        string    // who told them; for phone calls
	At        time.Time // when; for phone calls
	Summary   string    // the outcome, as told or as it goes in the message
	Satisfied string    // "yes", "no" or "" when not known (R1 counts it)
}

// Outgoing is a message to the complainant that an event produces; storage
// puts it in the outbox with the event, in one transaction.
type Outgoing struct {
	Kind    string
	Channel string // "email" or "letter"
	Lang    string
	To      string   // e-mail address
	Address []string // postal address lines, for a letter
	Subject string
	Body    string
	// StatusLinkHash, when set, is stored as a link to the complainant's
	// status page; the message carries the link itself.
	StatusLinkHash string
}

// PostalAddress returns the letter address of the complainant, or nil when
// it is incomplete.
func (p Complainant) PostalAddress() []string {
	if p.Name == "" || p.Address == "" || p.Postcode == "" || p.City == "" {
		return nil
	}
	return []string{p.Name, p.Address, p.Postcode + "  " + p.City}
}

// WrittenChannel is how a written message reaches the complainant: e-mail
// when there is an address, else a letter (P5.5), else "" (no way).
func (p Complainant) WrittenChannel() string {
	switch {
	case p.Email != "":
		return ToldByEmail
	case p.PostalAddress() != nil:
		return ToldByLetter
	}
	return ""
}

// Handle closes the handling of a complaint (P5.2): it moves to handled
// and records how the complainant was told and whether they were satisfied.
func (c Complaint) Handle(t Told, actor int64, now time.Time) (Complaint, Event, error) {
	t, err := c.checkTold(t, now)
	if err != nil {
		return c, Event{}, err
	}
	next, ev, err := c.MoveTo(Handled, "", actor, now)
	if err != nil {
		return c, Event{}, err
	}
	if t.Via != ToldByPhone {
		t.At = now // the message goes out now
	}
	next.ToldVia, next.ToldBy, next.ToldAt = t.Via, t.By, t.At.UTC()
	next.Outcome, next.Satisfied = t.Summary, t.Satisfied
	ev.Data["told_via"], ev.Data["outcome"], ev.Data["satisfied"] = t.Via, t.Summary, t.Satisfied
	if t.Via == ToldByPhone {
		ev.Data["told_by"], ev.Data["told_at"] = t.By, t.At.UTC().Format(time.RFC3339)
	}
	return next, ev, nil
}

// checkTold trims t and checks it against c: how the complainant is told
// must reach them, and the outcome is said (P5.2).
func (c Complaint) checkTold(t Told, now time.Time) (Told, error) {
	t.Via, t.By, t.Summary = strings.TrimSpace(t.Via), strings.TrimSpace(t.By), strings.TrimSpace(t.Summary)
	var errs fault.Validation
	switch t.Via {
	case "":
		errs.Add("told.via", "err.required")
	case ToldByPhone:
		if t.By == "" {
			errs.Add("told.by", "err.required")
		}
		switch {
		case t.At.IsZero():
			errs.Add("told.at", "err.required")
		case t.At.After(now.Add(maxFutureSkew)):
			errs.Add("told.at", "err.received.future")
		}
	case ToldByEmail:
		if c.Addressee().Email == "" {
			errs.Add("told.via", "err.told.no_email")
		}
	case ToldByLetter:
		if c.Addressee().PostalAddress() == nil {
			errs.Add("told.via", "err.told.no_address")
		}
	default:
		errs.Add("told.via", "err.unknown_key", t.Via)
	}
	switch n := utf8.RuneCountInString(t.Summary); {
	case n == 0:
		errs.Add("told.summary", "err.required")
	case n > MaxNote:
		errs.Add("told.summary", "err.too_long", MaxNote)
	}
	if t.Satisfied != "" && t.Satisfied != "yes" && t.Satisfied != "no" {
		errs.Add("told.satisfied", "err.unknown_key", t.Satisfied)
	}
	return t, errs.Err()
}
