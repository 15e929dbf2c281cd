package complaint

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Who or what a complaint is about (article 1 of the procedure: people who
// work for the organisation or act on its behalf; Awb 9:1): a member of
// staff, someone acting for the organisation (a fundraising agency's
// caller, a street recruiter), or a department or service.
const (
	SubjectStaff = "staff"
	SubjectAgent = "agent"
	SubjectUnit  = "unit"
)

// SubjectKinds lists the kinds in display order.
var SubjectKinds = []string{SubjectStaff, SubjectAgent, SubjectUnit}

// Subject is who or what the complaint is about.
type Subject struct {
	Kind         string    `json:"kind"`
	UserID       int64     `json:"user_id,omitempty"`      // staff
	Name         string    `json:"name,omitempty"`         // staff (their account's name) or agent
	Organisation string    `json:"organisation,omitempty"` // agent: the agency they worked for
	Email        string    `json:"email,omitempty"`        // where their copy goes (Awb 9:9)
	Department   string    `json:"department,omitempty"`   // unit
	SetAt        time.Time `json:"set_at"`
}

// Person reports whether the subject is a person, who is heard (Awb
// 9:9–9:10), rather than a department.
func (s Subject) Person() bool { return s.Kind == SubjectStaff || s.Kind == SubjectAgent }

// Normalize trims s and checks it: the kind, and what that kind needs (a
// member of staff's account, an agent's name, a department of the
// profile); an e-mail address, when given, must be one.
func (s Subject) Normalize(v Vocabulary) (Subject, error) {
	s.Name, s.Organisation = strings.TrimSpace(s.Name), strings.TrimSpace(s.Organisation)
	s.Email, s.Department = strings.TrimSpace(s.Email), strings.TrimSpace(s.Department)
	var errs fault.Validation
	switch s.Kind {
	case SubjectStaff:
		if s.UserID == 0 {
			errs.Add("subject.user_id", "err.required")
		}
		s.Organisation, s.Department = "", ""
	case SubjectAgent:
		if s.Name == "" {
			errs.Add("subject.name", "err.required")
		}
		s.UserID, s.Department = 0, ""
	case SubjectUnit:
		if s.Department == "" {
			errs.Add("subject.department", "err.required")
		} else if !v.HasDepartment(s.Department) {
			errs.Add("subject.department", "err.unknown_key", s.Department)
		}
		s.UserID, s.Name, s.Organisation, s.Email = 0, "", "", ""
	case "":
		errs.Add("subject.kind", "err.required")
	default:
		errs.Add("subject.kind", "err.unknown_key", s.Kind)
	}
	for _, f := range []struct{ field, v string }{{"subject.name", s.Name}, {"subject.organisation", s.Organisation}} {
		if utf8.RuneCountInString(f.v) > 200 {
			errs.Add(f.field, "err.too_long", 200)
		}
	}
	if s.Email != "" {
		if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email {
			errs.Add("subject.email", "err.email")
		}
	}
	return s, errs.Err()
}

// MayHandle refuses a handler who is the person the complaint is about
// (Awb 9:7: the complaint is handled by someone not involved in the
// conduct complained of). field names the form field the refusal is
// shown at.
func (c Complaint) MayHandle(userID int64, field string) error {
	if userID != 0 && userID == c.SubjectUserID {
		return fault.InvalidField(field, "err.subject.handler")
	}
	return nil
}

// SetSubject records who or what c is about; the person complained about
// can never handle it, so a complaint they hold is refused until it is
// handed to someone else.
func (c Complaint) SetSubject(s Subject, actor int64, now time.Time) (Complaint, Event, error) {
	if c.Status == Closed {
		return c, Event{}, fault.New(fault.Conflict, "err.closed_edit")
	}
	if s.Kind == SubjectStaff && s.UserID == c.AssigneeID {
		return c, Event{}, fault.InvalidField("subject.user_id", "err.subject.holds")
	}
	now = now.UTC()
	c.SubjectUserID, c.UpdatedAt = 0, now
	if s.Kind == SubjectStaff {
		c.SubjectUserID = s.UserID
	}
	data := map[string]any{"kind": s.Kind}
	switch s.Kind {
	case SubjectUnit:
		data["department"] = s.Department
	default:
		data["name"] = s.Name
		if s.Organisation != "" {
			data["organisation"] = s.Organisation
		}
	}
	return c, Event{At: now, ActorID: actor, Kind: EventSubjectSet, Data: data}, nil
}

// Hearing is the written report of hearing both sides (Awb 9:10): when,
// who were heard, and what was said.
type Hearing struct {
	HeldOn time.Time
	Heard  string
	Report string
}

// RecordHearing puts the hearing's report on c's timeline.
func (c Complaint) RecordHearing(h Hearing, actor int64, now time.Time) (Event, error) {
	h.Heard, h.Report = strings.TrimSpace(h.Heard), strings.TrimSpace(h.Report)
	var errs fault.Validation
	switch {
	case h.HeldOn.IsZero():
		errs.Add("held_on", "err.required")
	case h.HeldOn.After(now.Add(maxFutureSkew)):
		errs.Add("held_on", "err.received.future")
	}
	switch n := utf8.RuneCountInString(h.Heard); {
	case n == 0:
		errs.Add("heard", "err.required")
	case n > MaxNote:
		errs.Add("heard", "err.too_long", MaxNote)
	}
	switch n := utf8.RuneCountInString(h.Report); {
	case n == 0:
		errs.Add("report", "err.required")
	case n > MaxDescription:
		errs.Add("report", "err.too_long", MaxDescription)
	}
	if err := errs.Err(); err != nil {
		return Event{}, err
	}
	if c.Status == Closed {
		return Event{}, fault.New(fault.Conflict, "err.closed_edit")
	}
	return Event{At: now.UTC(), ActorID: actor, Kind: EventHearing, Data: map[string]any{
		"held_on": h.HeldOn.UTC().Format(time.RFC3339), "heard": h.Heard, "report": h.Report}}, nil
}
