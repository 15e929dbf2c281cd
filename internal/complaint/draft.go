package complaint

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Limits on free text, generous for real complaints and small enough that
// one record can never swamp a page or a letter.
const (
	MaxDescription = 20000
	MaxShortField  = 200
	maxFutureSkew  = 5 * time.Minute
)

// Draft is what a person or a channel supplies to register a complaint.
type Draft struct {
	Channel     string
	Category    string
	Department  string
	Campaign    string
	Agency      string // the fundraising agency involved, if any
	Concerns    Concerns
	Language    string
	Description string
	ReceivedAt  time.Time
	Complainant Complainant
	AnswerBy    string // how the complainant wants to hear back (answer.go)
}

var (
	dutchPostcode = regexp.MustCompile(`^([1-9][0-9]{3})\s*([A-Za-z]{2})$`)
	memberNumber  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9./-]*$`)
	phoneNumber   = regexp.MustCompile(`^\+?[0-9 ()./-]{6,25}$`)
	earliest      = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Normalize trims and canonicalises the draft and checks every field,
// reporting all problems at once with their field names.
func (d Draft) Normalize(v Vocabulary, now time.Time) (Draft, error) {
	var errs fault.Validation
	d.Channel = strings.TrimSpace(d.Channel)
	d.Category = strings.TrimSpace(d.Category)
	d.Department = strings.TrimSpace(d.Department)
	d.Language = strings.ToLower(strings.TrimSpace(d.Language))
	d.Description = strings.TrimSpace(d.Description)
	// Both databases keep microseconds; truncating here keeps what is
	// returned equal to what is stored.
	d.ReceivedAt = d.ReceivedAt.Truncate(time.Microsecond)

	switch {
	case d.Channel == "":
		errs.Add("channel", "err.required")
	case !v.HasChannel(d.Channel):
		errs.Add("channel", "err.unknown_key", d.Channel)
	}
	switch {
	case d.Category == "":
		errs.Add("category", "err.required")
	case !v.HasCategory(d.Category):
		errs.Add("category", "err.unknown_key", d.Category)
	}
	if d.Department != "" && !v.HasDepartment(d.Department) {
		errs.Add("department", "err.unknown_key", d.Department)
	}
	d.Campaign = strings.TrimSpace(d.Campaign)
	if d.Campaign != "" && !v.HasCampaign(d.Campaign) {
		errs.Add("campaign", "err.unknown_key", d.Campaign)
	}
	d.Agency = strings.TrimSpace(d.Agency)
	if d.Agency != "" && !v.HasAgency(d.Agency) {
		errs.Add("agency", "err.unknown_key", d.Agency)
	}
	if !d.Concerns.Valid() {
		errs.Add("concerns", "err.unknown_key", string(d.Concerns))
	}
	if d.Language != "nl" && d.Language != "en" {
		errs.Add("language", "err.language")
	}
	switch n := utf8.RuneCountInString(d.Description); {
	case n == 0:
		errs.Add("description", "err.required")
	case n > MaxDescription:
		errs.Add("description", "err.too_long", MaxDescription)
	}
	switch {
	case d.ReceivedAt.Before(earliest):
		errs.Add("received_at", "err.received.too_early")
	case d.ReceivedAt.After(now.Add(maxFutureSkew)):
		errs.Add("received_at", "err.received.future")
	}
	d.Complainant = d.Complainant.normalize(&errs)
	d.AnswerBy = strings.TrimSpace(d.AnswerBy)
	d.checkAnswerBy(&errs)
	return d, errs.Err()
}

func (p Complainant) normalize(errs *fault.Validation) Complainant {
	trim := func(field string, s *string) {
		*s = strings.Join(strings.Fields(*s), " ")
		if utf8.RuneCountInString(*s) > MaxShortField {
			errs.Add(field, "err.too_long", MaxShortField)
		}
	}
	trim("complainant.member_number", &p.MemberNumber)
	trim("complainant.name", &p.Name)
	trim("complainant.address", &p.Address)
	trim("complainant.postcode", &p.Postcode)
	trim("complainant.city", &p.City)
	trim("complainant.email", &p.Email)
	trim("complainant.phone", &p.Phone)

	if p.Name == "" {
		errs.Add("complainant.name", "err.required")
	}
	if p.MemberNumber != "" && !errs.Has("complainant.member_number") && !memberNumber.MatchString(p.MemberNumber) {
		errs.Add("complainant.member_number", "err.member_number")
	}
	if m := dutchPostcode.FindStringSubmatch(p.Postcode); m != nil {
		// Dutch postcodes are written "1234 AB"; others are kept as typed.
		p.Postcode = m[1] + " " + strings.ToUpper(m[2])
	}
	if p.Email != "" && !errs.Has("complainant.email") {
		addr, err := mail.ParseAddress(p.Email)
		if err != nil || addr.Address != p.Email ||
			!strings.Contains(addr.Address[strings.LastIndex(addr.Address, "@"):], ".") {
			errs.Add("complainant.email", "err.email")
		} else {
			p.Email = addr.Address
		}
	}
	if p.Phone != "" && !errs.Has("complainant.phone") && !phoneNumber.MatchString(p.Phone) {
		errs.Add("complainant.phone", "err.phone")
	}
	return p
}

// draftOf returns the editable fields of c as a draft.
func draftOf(c Complaint) Draft {
	return Draft{
		Channel: c.Channel, Category: c.Category, Department: c.Department, Campaign: c.Campaign, Agency: c.Agency,
		Concerns: c.Concerns, Language: c.Language, Description: c.Description,
		ReceivedAt: c.ReceivedAt, Complainant: c.Complainant, AnswerBy: c.AnswerBy,
	}
}

func (d Draft) applyTo(c *Complaint) {
	c.Channel, c.Category, c.Department, c.Campaign, c.Agency = d.Channel, d.Category, d.Department, d.Campaign, d.Agency
	c.Concerns, c.Language, c.Description, c.AnswerBy = d.Concerns, d.Language, d.Description, d.AnswerBy
	c.ReceivedAt = d.ReceivedAt.UTC()
	c.Complainant = d.Complainant
}
