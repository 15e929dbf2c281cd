// Package complaint is klacht's domain: the complaint, its lifecycle, its
// terms, its reference and its timeline. Pure Go, no I/O; the profile's
// vocabulary (categories, channels, departments) comes in through the
// Vocabulary interface so this package depends on nothing of klacht's but
// its error type.
package complaint

import (
	"slices"
	"time"
)

// Concerns records what a complaint is about (P1.2).
type Concerns string

const (
	ConcernsUnknown  Concerns = ""
	ConcernsAct      Concerns = "act"      // something the organisation did
	ConcernsOmission Concerns = "omission" // something it failed to do
	ConcernsPerson   Concerns = "person"   // someone working or acting for it
)

// ConcernsValues lists the known values in display order.
var ConcernsValues = []Concerns{ConcernsAct, ConcernsOmission, ConcernsPerson}

// Valid reports whether c is a known value; unknown ("") is valid, since the
// caller may not know yet, and is counted as incomplete registration.
func (c Concerns) Valid() bool {
	switch c {
	case ConcernsUnknown, ConcernsAct, ConcernsOmission, ConcernsPerson:
		return true
	}
	return false
}

// Complainant is who complained (P4.1, P4.2).
type Complainant struct {
	MemberNumber string `json:"member_number"`
	Name         string `json:"name"`
	Address      string `json:"address"`
	Postcode     string `json:"postcode"`
	City         string `json:"city"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
}

// Complaint is one registered complaint.
type Complaint struct {
	ID          int64
	Reference   string
	Status      Status
	Channel     string
	Category    string
	Department  string // where it arrived
	Team        string // the department handling it (P5.3)
	Campaign    string // the campaign it is about, if any
	Agency      string // the fundraising agency involved, if any
	Concerns    Concerns
	Language    string // the complainant's language, for letters and mail
	Description string
	Complainant Complainant
	AnswerBy    string // how the complainant wants to hear back: phone, email, letter or "" (answer.go)

	ReceivedAt time.Time
	DueAt      time.Time

	TakenByID    int64 // the employee who took it (P4.5)
	TakenByName  string
	AssigneeID   int64 // 0 when nobody handles it yet
	AssigneeName string

	ExpectedAt    time.Time // the new expected date of a delay notice (P5.5)
	DelayNoticeAt time.Time // when the complainant was told of the delay

	PausedAt  time.Time     // the term stands still since then (zero: the clock runs)
	PausedFor time.Duration // the pauses that ended, added up

	MergedInto string // the reference of the complaint this one was merged into
	// SubjectUserID is the member of staff the complaint is about (Subject),
	// who may never handle it; 0 when it is about nobody on the staff.
	SubjectUserID int64
	// Representative acts for the complainant, if anyone does;
	// read with a single complaint, not with lists.
	Representative *Representative
	// Hidden is set when the reader may not see contact details (need to
	// know): what they may still know of them, never the values.
	Hidden *HiddenContact `json:"-"`

	// P5.2: how the complainant was told of the outcome.
	ToldVia   string
	ToldBy    string
	ToldAt    time.Time
	Outcome   string
	Satisfied string // "yes", "no" or "" (unknown)

	HandledAt time.Time // zero unless handled
	ClosedAt  time.Time // zero unless closed
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Vocabulary is the part of the profile a complaint is checked against.
type Vocabulary interface {
	HasCategory(key string) bool
	HasChannel(key string) bool
	HasDepartment(key string) bool
	HasCampaign(key string) bool
	HasAgency(key string) bool
}

// Terms are the profile settings that shape a new complaint.
type Terms struct {
	Handling          Term     // P5.4, 14 days by default
	Calendar          Calendar // where the term is counted
	DefaultDepartment string   // where a complaint arrives unless told
	DefaultLanguage   string
}

// New builds a complaint from a draft taken by takenBy at now. The draft is
// normalised and validated first; the reference is assigned by storage.
func New(d Draft, v Vocabulary, terms Terms, takenBy int64, now time.Time) (Complaint, error) {
	if d.ReceivedAt.IsZero() {
		d.ReceivedAt = now
	}
	if d.Department == "" {
		d.Department = terms.DefaultDepartment
	}
	if d.Language == "" {
		d.Language = terms.DefaultLanguage
	}
	d, err := d.Normalize(v, now)
	if err != nil {
		return Complaint{}, err
	}
	now = now.UTC()
	c := Complaint{
		Status:     Registered,
		TakenByID:  takenBy,
		CreatedAt:  now,
		UpdatedAt:  now,
		ReceivedAt: d.ReceivedAt.UTC(),
		DueAt:      terms.Calendar.End(d.ReceivedAt, terms.Handling),
	}
	d.applyTo(&c)
	return c, nil
}

// Overdue reports whether c is past its term at now.
// A paused term is never overdue: its clock stands still.
func (c Complaint) Overdue(now time.Time) bool { return !c.Paused() && Overdue(c.Status, c.DueAt, now) }

// Missing lists what a complete registration (P4.1–P4.5) still lacks, as
// field names; P4.7 asks that completeness be measured, not assumed.
func (c Complaint) Missing() []string {
	var m []string
	p := c.Complainant
	for _, f := range []struct {
		name  string
		empty bool
	}{
		{"complainant.name", p.Name == ""},
		{"complainant.address", p.Address == ""},
		{"complainant.postcode", p.Postcode == ""},
		{"complainant.city", p.City == ""},
		{"complainant.contact", p.Email == "" && p.Phone == ""},
		{"concerns", c.Concerns == ConcernsUnknown},
		// Nobody takes a complaint that arrives by web form or e-mail.
		{"taken_by", c.TakenByID == 0 && !slices.Contains(ChannelsWithoutTaker, c.Channel)},
	} {
		if f.empty {
			m = append(m, f.name)
		}
	}
	return m
}

// Complete reports whether the registration is complete (P4.7).
func (c Complaint) Complete() bool { return len(c.MissingFields()) == 0 }

// HiddenContact is what a reader without contact rights knows of the
// contact details hidden from them: which are on file, and what the
// stored registration lacks (P4.7), computed before they were hidden.
type HiddenContact struct {
	Email, Phone, Postal bool
	Missing              []string
}

// HideContact blanks c's contact details for a reader who may not see
// them, keeping what that reader may know (HiddenContact).
func (c *Complaint) HideContact() {
	a := c.Addressee()
	c.Hidden = &HiddenContact{
		Email:   a.Email != "",
		Phone:   a.Phone != "",
		Postal:  a.PostalAddress() != nil,
		Missing: c.Missing(),
	}
	p := &c.Complainant
	p.Address, p.Postcode, p.City, p.Email, p.Phone = "", "", "", "", ""
	if c.Representative != nil {
		r := *c.Representative // the stored one may be shared
		q := &r.Contact
		q.Address, q.Postcode, q.City, q.Email, q.Phone = "", "", "", "", ""
		c.Representative = &r
	}
}

// MissingFields is what the stored registration lacks (P4.7), also for a
// reader from whom contact details are hidden: hidden is not missing.
func (c Complaint) MissingFields() []string {
	if c.Hidden != nil {
		return c.Hidden.Missing
	}
	return c.Missing()
}

// HasEmail reports whether an e-mail address is on file, whether or not
// the reader may see it.
func (c Complaint) HasEmail() bool {
	return c.Addressee().Email != "" || (c.Hidden != nil && c.Hidden.Email)
}

// HasPostalAddress reports whether a full postal address is on file,
// whether or not the reader may see it.
func (c Complaint) HasPostalAddress() bool {
	return c.Addressee().PostalAddress() != nil || (c.Hidden != nil && c.Hidden.Postal)
}

// The channels klacht takes complaints in by itself; the profile lists
// them among its channels with their labels.
const (
	ChannelPhone        = "phone"        // the service desk's usual case (P3.1)
	ChannelEmail        = "email"        // the mailbox (P3.3)
	ChannelWeb          = "web"          // the public form (P3.3)
	ChannelCancellation = "cancellation" // found behind a cancellation (P6.3)
)

// ChannelsWithoutTaker are the channels whose complaints no employee takes
// (P4.5 asks who took a complaint of the others).
var ChannelsWithoutTaker = []string{ChannelWeb, ChannelEmail}
