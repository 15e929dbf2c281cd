package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// MaxNote bounds one timeline note.
const MaxNote = 10000

// Patch changes some fields of a complaint; nil means "leave as is".
type Patch struct {
	Channel     *string
	Category    *string
	Department  *string
	Campaign    *string
	Agency      *string
	Concerns    *Concerns
	Language    *string
	Description *string
	ReceivedAt  *time.Time
	Complainant ComplainantPatch
	AnswerBy    *string
}

// ComplainantPatch changes some of the complainant's details.
type ComplainantPatch struct {
	MemberNumber, Name, Address, Postcode, City, Email, Phone *string
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// Apply returns c with p applied and the event that records the change, or
// a nil event when p changes nothing. The result is validated as a whole, as
// a new complaint would be; a changed received date moves the due date.
func (c Complaint) Apply(p Patch, v Vocabulary, terms Terms, actor int64, now time.Time) (Complaint, *Event, error) {
	if c.Status == Closed {
		return c, nil, fault.New(fault.Conflict, "err.closed_edit")
	}
	d := draftOf(c)
	set(&d.Channel, p.Channel)
	set(&d.Category, p.Category)
	set(&d.Department, p.Department)
	set(&d.Campaign, p.Campaign)
	set(&d.Agency, p.Agency)
	set(&d.Concerns, p.Concerns)
	set(&d.Language, p.Language)
	set(&d.Description, p.Description)
	set(&d.ReceivedAt, p.ReceivedAt)
	set(&d.AnswerBy, p.AnswerBy)
	cp := &d.Complainant
	set(&cp.MemberNumber, p.Complainant.MemberNumber)
	set(&cp.Name, p.Complainant.Name)
	set(&cp.Address, p.Complainant.Address)
	set(&cp.Postcode, p.Complainant.Postcode)
	set(&cp.City, p.Complainant.City)
	set(&cp.Email, p.Complainant.Email)
	set(&cp.Phone, p.Complainant.Phone)
	// A received date in the past stays valid when edited later, so the
	// future check is against now, not against the original registration.
	d, err := d.Normalize(v, now)
	if err != nil {
		return c, nil, err
	}
	old := draftOf(c)
	changes := map[string]any{}
	diff := func(name string, before, after any) {
		if before != after {
			changes[name] = after
		}
	}
	diff("channel", old.Channel, d.Channel)
	diff("category", old.Category, d.Category)
	diff("department", old.Department, d.Department)
	diff("campaign", old.Campaign, d.Campaign)
	diff("agency", old.Agency, d.Agency)
	diff("concerns", string(old.Concerns), string(d.Concerns))
	diff("language", old.Language, d.Language)
	diff("description", old.Description, d.Description)
	diff("answer_by", old.AnswerBy, d.AnswerBy)
	if !old.ReceivedAt.Equal(d.ReceivedAt) {
		changes["received_at"] = d.ReceivedAt.UTC().Format(time.RFC3339)
	}
	oc, nc := old.Complainant, d.Complainant
	diff("complainant.member_number", oc.MemberNumber, nc.MemberNumber)
	diff("complainant.name", oc.Name, nc.Name)
	diff("complainant.address", oc.Address, nc.Address)
	diff("complainant.postcode", oc.Postcode, nc.Postcode)
	diff("complainant.city", oc.City, nc.City)
	diff("complainant.email", oc.Email, nc.Email)
	diff("complainant.phone", oc.Phone, nc.Phone)
	if len(changes) == 0 {
		return c, nil, nil
	}
	d.applyTo(&c)
	c.DueAt = terms.Calendar.End(c.ReceivedAt, terms.Handling).Add(c.PausedFor) // the pauses still count
	c.UpdatedAt = now.UTC()
	return c, &Event{At: now.UTC(), ActorID: actor, Kind: EventUpdated, Data: map[string]any{"changes": changes}}, nil
}

// MoveTo returns c in status to and the event that records it, or the
// lifecycle's refusal. note is optional context kept on the timeline.
func (c Complaint) MoveTo(to Status, note string, actor int64, now time.Time) (Complaint, Event, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNote {
		return c, Event{}, fault.InvalidField("note", "err.too_long", MaxNote)
	}
	if err := c.Status.CheckTransition(to); err != nil {
		return c, Event{}, err
	}
	now = now.UTC()
	data := map[string]any{"from": string(c.Status), "to": string(to)}
	if note != "" {
		data["note"] = note
	}
	if c.Status.IsReopen(to) {
		data["reopened"] = true
		c.HandledAt, c.ClosedAt = time.Time{}, time.Time{}
		c.ToldVia, c.ToldBy, c.ToldAt, c.Outcome, c.Satisfied = "", "", time.Time{}, "", ""
	}
	switch to {
	case Handled:
		c.HandledAt = now
	case Closed:
		c.ClosedAt = now
	}
	c.Status = to
	c.UpdatedAt = now
	return c, Event{At: now, ActorID: actor, Kind: EventStatusChanged, Data: data}, nil
}

// NewNote returns a timeline note (P4.6: any action the employee took).
func NewNote(text string, actor int64, now time.Time) (Event, error) {
	text = strings.TrimSpace(text)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return Event{}, fault.InvalidField("text", "err.required")
	case n > MaxNote:
		return Event{}, fault.InvalidField("text", "err.too_long", MaxNote)
	}
	return Event{At: now.UTC(), ActorID: actor, Kind: EventNote, Data: map[string]any{"text": text}}, nil
}

// RegisteredEvent records the registration with the complaint as it was.
func RegisteredEvent(c Complaint) Event {
	return Event{At: c.CreatedAt, ActorID: c.TakenByID, Kind: EventRegistered, Data: map[string]any{
		"channel": c.Channel, "category": c.Category, "department": c.Department,
		"team": c.Team, "campaign": c.Campaign, "agency": c.Agency, "assignee_id": c.AssigneeID,
		"received_at": c.ReceivedAt.Format(time.RFC3339), "due_at": c.DueAt.Format(time.RFC3339),
	}}
}
