package web

import (
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

// The API's JSON shapes. Keys are stable English identifiers.

type personView struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type complaintView struct {
	Reference   string                `json:"reference"`
	Status      complaint.Status      `json:"status"`
	Channel     string                `json:"channel"`
	Category    string                `json:"category"`
	Department  string                `json:"department"`
	Team        string                `json:"team"`
	Campaign    string                `json:"campaign"`
	Agency      string                `json:"agency"`
	Concerns    string                `json:"concerns"`
	Language    string                `json:"language"`
	Description string                `json:"description"`
	Complainant complaint.Complainant `json:"complainant"`
	AnswerBy    string                `json:"answer_by"` // how the complainant asked to be answered; "" when not asked
	ReceivedAt  time.Time             `json:"received_at"`
	DueAt       time.Time             `json:"due_at"`
	Overdue     bool                  `json:"overdue"`
	Breach      bool                  `json:"breach"`
	ExpectedAt  *time.Time            `json:"expected_at"`
	NoticeAt    *time.Time            `json:"delay_notice_at"`
	PausedAt    *time.Time            `json:"paused_at"`             // the term stands still since then
	PausedHours float64               `json:"paused_hours"`          // earlier pauses, added up
	MergedInto  string                `json:"merged_into,omitempty"` // the complaint this one is part of now
	TakenBy     *personView           `json:"taken_by"`
	Assignee    *personView           `json:"assignee"`
	HandledAt   *time.Time            `json:"handled_at"`
	ClosedAt    *time.Time            `json:"closed_at"`
	CreatedAt   time.Time             `json:"created_at"`
	UpdatedAt   time.Time             `json:"updated_at"`
	Missing     []string              `json:"missing"`
	// ContactHidden says the reader may not see contact details: the
	// empty fields then say nothing of what is on file.
	ContactHidden bool               `json:"contact_hidden,omitempty"`
	Next          []complaint.Status `json:"next_statuses"`
}

func TimePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func person(id int64, name string) *personView {
	if id == 0 {
		return nil
	}
	return &personView{ID: id, Name: name}
}

func viewComplaint(c complaint.Complaint, now time.Time) complaintView {
	missing := c.MissingFields()
	if missing == nil {
		missing = []string{}
	}
	next := c.Status.Next()
	if next == nil {
		next = []complaint.Status{}
	}
	return complaintView{
		Reference: c.Reference, Status: c.Status, Channel: c.Channel, Category: c.Category,
		Department: c.Department, Team: c.Team, Campaign: c.Campaign, Agency: c.Agency, Concerns: string(c.Concerns), Language: c.Language,
		Description: c.Description, Complainant: c.Complainant, AnswerBy: c.AnswerBy,
		ReceivedAt: c.ReceivedAt, DueAt: c.DueAt, Overdue: c.Overdue(now), Breach: c.Breach(now),
		ExpectedAt: TimePtr(c.ExpectedAt), NoticeAt: TimePtr(c.DelayNoticeAt),
		PausedAt: TimePtr(c.PausedAt), PausedHours: c.PausedFor.Hours(), MergedInto: c.MergedInto,
		TakenBy: person(c.TakenByID, c.TakenByName), Assignee: person(c.AssigneeID, c.AssigneeName),
		HandledAt: TimePtr(c.HandledAt), ClosedAt: TimePtr(c.ClosedAt),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Missing: missing, Next: next, ContactHidden: c.Hidden != nil,
	}
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
func (in ComplaintInput) Patch(s *Server) (complaint.Patch, error) {
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
func (in ComplaintInput) Draft(s *Server) (complaint.Draft, error) {
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
