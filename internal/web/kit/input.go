package kit

import (
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
)

func TimePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// ComplaintInput is the body of a create or a PATCH; absent fields are nil.
type ComplaintInput struct {
	Channel     *string           `json:"channel"`
	Category    *string           `json:"category"`
	Department  *string           `json:"department"`
	Campaign    *string           `json:"campaign"`
	Agency      *string           `json:"agency"`
	Concerns    *string           `json:"concerns"`
	Language    *string           `json:"language"`
	Description *string           `json:"description"`
	ReceivedAt  *string           `json:"received_at"`
	Complainant *ComplainantInput `json:"complainant"`
	AnswerBy    *string           `json:"answer_by"`
	// Forward sends a new complaint to the service-desk coordinator
	// instead of its category's route (P3.2); create only.
	Forward bool `json:"forward,omitempty"`
	// DoNotCall puts the member of a telemarketing complaint on the
	// do-not-call list at registration. The form has it ticked; an API
	// client asks for it, so no sync lists members unseen. Create only.
	DoNotCall *bool `json:"do_not_call,omitempty"`
}

type ComplainantInput struct {
	MemberNumber *string `json:"member_number"`
	Name         *string `json:"name"`
	Address      *string `json:"address"`
	Postcode     *string `json:"postcode"`
	City         *string `json:"city"`
	Email        *string `json:"email"`
	Phone        *string `json:"phone"`
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// Patch turns the input into a domain Patch; received_at is parsed here so
// a bad date names its field.
func (in ComplaintInput) Patch(s *Core) (complaint.Patch, error) {
	p := complaint.Patch{
		Channel: in.Channel, Category: in.Category, Department: in.Department, Campaign: in.Campaign, Agency: in.Agency,
		Language: in.Language, Description: in.Description, AnswerBy: in.AnswerBy,
	}
	if in.Concerns != nil {
		c := complaint.Concerns(*in.Concerns)
		p.Concerns = &c
	}
	if in.ReceivedAt != nil {
		t, err := ParseTime("received_at", *in.ReceivedAt, s.Profile().Location())
		if err != nil {
			return p, err
		}
		p.ReceivedAt = &t
	}
	if c := in.Complainant; c != nil {
		p.Complainant = complaint.ComplainantPatch{
			MemberNumber: c.MemberNumber, Name: c.Name, Address: c.Address,
			Postcode: c.Postcode, City: c.City, Email: c.Email, Phone: c.Phone,
		}
	}
	return p, nil
}

// Draft turns a create body into a domain Draft.
func (in ComplaintInput) Draft(s *Core) (complaint.Draft, error) {
	p, err := in.Patch(s)
	if err != nil {
		return complaint.Draft{}, err
	}
	d := complaint.Draft{
		Channel: deref(
			in.Channel,
		), Category: deref(in.Category), Department: deref(in.Department), Campaign: deref(in.Campaign), Agency: deref(in.Agency),
		Language: deref(in.Language), Description: deref(in.Description), AnswerBy: deref(in.AnswerBy),
	}
	if p.Concerns != nil {
		d.Concerns = *p.Concerns
	}
	if p.ReceivedAt != nil {
		d.ReceivedAt = *p.ReceivedAt
	}
	if c := in.Complainant; c != nil {
		d.Complainant = complaint.Complainant{
			MemberNumber: deref(c.MemberNumber), Name: deref(c.Name), Address: deref(c.Address),
			Postcode: deref(c.Postcode), City: deref(c.City), Email: deref(c.Email), Phone: deref(c.Phone),
		}
	}
	return d, nil
}

// ToldInput is how the complainant was told (P5.2), as the API takes it.
type ToldInput struct {
	Via       string `json:"via"`
	By        string `json:"by"`
	At        string `json:"at"`
	Summary   string `json:"summary"`
	Satisfied string `json:"satisfied"`
}

func (in ToldInput) Told(s *Core, u auth.User) (complaint.Told, error) {
	t := complaint.Told{Via: in.Via, By: in.By, Summary: in.Summary, Satisfied: in.Satisfied}
	if t.Via == complaint.ToldByPhone && strings.TrimSpace(t.By) == "" {
		t.By = u.Name
	}
	if strings.TrimSpace(in.At) != "" {
		at, err := ParseTime("told.at", in.At, s.Profile().Location())
		if err != nil {
			return t, err
		}
		t.At = at
	} else if t.Via == complaint.ToldByPhone {
		t.At = s.Now()
	}
	return t, nil
}
