package complaint

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Representatives: a complaint made on someone's behalf, by a
// relative, a guardian or a lawyer. The complainant stays the person the
// complaint is for; the representative is kept beside them with their own
// contact details, the authorisation they showed, and whom letters and
// mail go to.

// Relations a representative can have to the person represented.
var Relations = []string{"relative", "guardian", "lawyer", "other"}

// Whom messages go to.
const (
	WriteToRepresentative = "representative"
	WriteToComplainant    = "complainant"
)

// Representative is who made the complaint on the complainant's behalf.
type Representative struct {
	Relation          string      `json:"relation"`
	Contact           Complainant `json:"contact"` // their name and how to reach them
	Authorised        bool        `json:"authorised"`
	AuthorisationNote string      `json:"authorisation_note"` // what was shown: "volmacht van 3 maart"
	WriteTo           string      `json:"write_to"`
}

// Normalize trims r and checks it: a name, a known relation, an address
// to write to when letters are to go to them, a valid e-mail address.
func (r Representative) Normalize() (Representative, error) {
	p := &r.Contact
	p.MemberNumber = ""
	for _, f := range []*string{&p.Name, &p.Address, &p.Postcode, &p.City, &p.Email, &p.Phone, &r.AuthorisationNote} {
		*f = strings.TrimSpace(*f)
	}
	if r.WriteTo == "" {
		r.WriteTo = WriteToRepresentative
	}
	var errs fault.Validation
	switch n := utf8.RuneCountInString(p.Name); {
	case n == 0:
		errs.Add("representative.name", "err.required")
	case n > 200:
		errs.Add("representative.name", "err.too_long", 200)
	}
	if !slices.Contains(Relations, r.Relation) {
		if r.Relation == "" {
			errs.Add("representative.relation", "err.required")
		} else {
			errs.Add("representative.relation", "err.unknown_key", r.Relation)
		}
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			errs.Add("representative.email", "err.email")
		}
	}
	for _, f := range []struct{ field, v string }{{"representative.address", p.Address}, {"representative.city", p.City},
		{"representative.phone", p.Phone}, {"representative.postcode", p.Postcode}} {
		if utf8.RuneCountInString(f.v) > 200 {
			errs.Add(f.field, "err.too_long", 200)
		}
	}
	if utf8.RuneCountInString(r.AuthorisationNote) > MaxNote {
		errs.Add("representative.authorisation_note", "err.too_long", MaxNote)
	}
	switch r.WriteTo {
	case WriteToRepresentative:
		if p.Email == "" && p.PostalAddress() == nil {
			errs.Add("representative.write_to", "err.representative.no_way")
		}
	case WriteToComplainant:
	default:
		errs.Add("representative.write_to", "err.unknown_key", r.WriteTo)
	}
	return r, errs.Err()
}

// Addressee is whom written messages about c go to: the representative
// when the complainant chose so, else the complainant.
func (c Complaint) Addressee() Complainant {
	if r := c.Representative; r != nil && r.WriteTo == WriteToRepresentative {
		return r.Contact
	}
	return c.Complainant
}

// SetRepresentative records r (nil: none any more) as who acts for the
// complainant, with the event that says so (no contact details in it).
func (c Complaint) SetRepresentative(r *Representative, actor int64, now time.Time) (Complaint, Event, error) {
	if c.Status == Closed {
		return c, Event{}, fault.New(fault.Conflict, "err.closed_edit")
	}
	now = now.UTC()
	c.Representative, c.UpdatedAt = r, now
	data := map[string]any{"removed": r == nil}
	if r != nil {
		data = map[string]any{"name": r.Contact.Name, "relation": r.Relation, "authorised": r.Authorised, "write_to": r.WriteTo}
	}
	return c, Event{At: now, ActorID: actor, Kind: EventRepresentative, Data: data}, nil
}

// MayActFor refuses to close the handling of a complaint made by a
// representative whose authorisation is not recorded, where the profile
// requires it.
func (c Complaint) MayActFor(required bool) error {
	if required && c.Representative != nil && !c.Representative.Authorised {
		return fault.New(fault.Conflict, "err.representative.unauthorised")
	}
	return nil
}
