// Package procedure holds the profile: the organisation's own procedure as
// data (departments, categories with their routes, channels, roles, terms).
// The default profile is the procedure of PROCEDURE.md, seeded on first
// start; another organisation changes the data, not the code.
package procedure

import (
	"slices"
	"sync"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
)

// Item is one entry of a profile list: a stable English key (used in the API)
// and labels in both languages.
type Item struct {
	Key   string     `json:"key"`
	Label i18n.Label `json:"label"`
}

// Category is a kind of complaint with its default route (P5.3) and what
// it means to the procedure, as data rather than as a key in the code.
type Category struct {
	Item
	RouteDepartment string `json:"route_department"`
	// DoNotCall: its complainants can be put on the do-not-call list
	// (telemarketing).
	DoNotCall bool `json:"do_not_call,omitempty"`
	// CampaignHead: its complaints go to the head of the campaign they are
	// about, in person, when one is named (P5.3: campaign content).
	CampaignHead bool `json:"campaign_head,omitempty"`
	// Privacy: the data protection officer sees its complaints.
	Privacy bool `json:"privacy,omitempty"`
	// Unclassified: where mail and complaints of no known category go.
	Unclassified bool `json:"unclassified,omitempty"`
	// ContactKind is the contact volume its yearly rate is taken against
	// ("telemarketing_calls"); empty: the category has no rate.
	ContactKind string `json:"contact_kind,omitempty"`
}

// Campaign is a campaign whose head handles complaints about its content
// (P5.3). HeadUserID is 0 until an administrator names the head.
type Campaign struct {
	Item
	HeadUserID int64 `json:"head_user_id,omitempty"`
}

// Outcome is what can come of a complaint; Reason: recording it asks why
// (not handled) or where to (forwarded).
type Outcome struct {
	Item
	Reason bool `json:"reason,omitempty"`
}

// Elsewhere is a matter people bring to the complaint form that is no
// complaint, and where it belongs instead: the public form lists these
// first, so a change of address or a report of pollution does not wait
// fourteen days in the complaint register. URL is optional.
type Elsewhere struct {
	Item
	Text i18n.Label `json:"text"`
	URL  i18n.Label `json:"url"`
}

// Profile is an organisation's procedure.
type Profile struct {
	Organisation       string
	ReferencePrefix    string // "K" gives K-2026-00042
	HandlingDays       int    // P5.4, in HandlingUnit
	ReminderDays       int    // P5.4: the handler is reminded this many days after receipt, in HandlingUnit
	AppealDays         int    // P8.2, in AppealUnit
	AppealReminderDays int    // the board is reminded this many days before its term ends, in AppealUnit
	// How the terms are counted: calendar days (the charity's procedure),
	// working days or weeks (the Awb's six weeks).
	HandlingUnit complaint.Unit
	AppealUnit   complaint.Unit
	// The calendar terms are counted on: public holidays (complaint.
	// DutchHolidays or none), the organisation's own closing days
	// ("2006-01-02"), and whether a term in days or weeks that ends on a
	// day off moves to the next working day (Algemene termijnenwet).
	Holidays        string
	ClosingDays     []string
	EndOnWorkingDay bool
	MaxCallAttempts int  // P6.2: failed calls before a cancellation closes as not reached
	RetentionMonths int  // personal data of closed complaints is pseudonymised this long after closing; 0 keeps it
	TwoFactor       bool // staff may sign in with TOTP; administrators and the DPO must
	SmallCounts     int  // public reports write counts below this as "fewer than N" (the 2019 summary's "nog geen 5"); 0 writes every count
	TermPause       bool // the handling term stops while the handler waits for the complainant's information
	// The roles whose staff get the scheduled reports by e-mail: the
	// weekly overview (Mondays) and the quarterly evaluation (the 5th of
	// the quarter after). Empty: that report is not sent.
	WeeklyRoles       []string
	QuarterlyRoles    []string
	DefaultDepartment string // where complaints mostly arrive (P3.1)
	OwnerDepartment   string // owns the procedure (P2.1)
	DefaultLanguage   string
	TimeZone          string

	Departments []Item
	Categories  []Category
	Channels    []Item
	Roles       []Item
	Campaigns   []Campaign
	Agencies    []Item // fundraising agencies (telemarketing, street recruitment) complaints can name
	Elsewhere   []Elsewhere
	// CancellationReasons are why members cancel (P6.5); the call list
	// keeps those whose reason is unclear (cancellation.ReasonUnknown, or
	// ReasonOther without a word of explanation).
	CancellationReasons []Item
	// CancellationOffers are the other ways to support a canceller is
	// offered (P6.4).
	CancellationOffers []Item
	// Decisions: each complaint's outcome, remedy, labels and lesson are
	// recorded (complaint.Decision), and the reports break down by them.
	Decisions bool
	// Hearing: the person a complaint is about gets a copy and gives their
	// side (Awb 9:9), the hearing's report is kept (9:10) and a notice of
	// extension goes to them too (9:11).
	Hearing bool
	// Approval: the written outcome waits for a second person's approval
	// (complaint.ApprovalAll, or ApprovalFlagged for flagged complaints and
	// those of ApprovalCategories); empty: it goes out at once.
	Approval           string
	ApprovalCategories []string
	// RequireAuthorisation: a complaint made by a representative is not
	// closed with an outcome before their authorisation is recorded.
	RequireAuthorisation bool
	// ExtensionDays bounds a notice of delay: at most this long after the
	// handling term's end, in its unit (the Awb's and the Wkkgz's four
	// weeks); 0 leaves it open.
	ExtensionDays int
	// TellPerPart: the complainant is told of each part of a split
	// complaint as its department finishes it; else once, at the end.
	TellPerPart bool
	// MeasureNotice: the complainant hears when a measure of the decision
	// on their complaint is carried out.
	MeasureNotice bool
	// Outcomes are what can come of a complaint; Labels are the profile's
	// own classification, several per complaint (an ombudsman's norms).
	Outcomes []Outcome
	Labels   []Item
	// Version changes whenever an administrator edits the profile, so
	// servers sharing a database notice and reload it.
	Version string
}

// Location returns the profile's time zone, Europe/Amsterdam if unset or
// unknown.
func (p Profile) Location() *time.Location {
	if p.TimeZone != "" {
		if loc, err := location(p.TimeZone); err == nil {
			return loc
		}
	}
	loc, err := location("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}

// locations caches time zones: time.LoadLocation reads the zone's file
// from disk on every call, and every complaint asks.
var locations sync.Map // name → *time.Location

func location(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}

// Terms returns the settings that shape new complaints.
func (p Profile) Terms() complaint.Terms {
	return complaint.Terms{
		Handling:          p.HandlingTerm(),
		Calendar:          p.Calendar(),
		DefaultDepartment: p.DefaultDepartment,
		DefaultLanguage:   p.DefaultLanguage,
	}
}

// Calendar is where the profile's terms are counted.
func (p Profile) Calendar() complaint.Calendar {
	return complaint.Calendar{Location: p.Location(), Holidays: p.Holidays, Closed: p.ClosingDays,
		EndOnWorkingDay: p.EndOnWorkingDay}
}

// HandlingTerm is the handling term (P5.4).
func (p Profile) HandlingTerm() complaint.Term {
	return complaint.Term{N: p.HandlingDays, Unit: unitOr(p.HandlingUnit)}
}

// AppealTerm is the board's term for an appeal (P8.2).
func (p Profile) AppealTerm() complaint.Term {
	return complaint.Term{N: p.AppealDays, Unit: unitOr(p.AppealUnit)}
}

// unitOr is u, or calendar days for a profile stored before units were.
func unitOr(u complaint.Unit) complaint.Unit {
	if u == "" {
		return complaint.Days
	}
	return u
}

// TermSteps are the points of the term watch (P5.4): a reminder to the
// handler, then escalation to the coordinator when the term ends.
func (p Profile) TermSteps() []complaint.TermStep {
	steps := []complaint.TermStep{}
	unit := unitOr(p.HandlingUnit)
	if p.ReminderDays > 0 && p.ReminderDays < p.HandlingDays {
		steps = append(steps, complaint.TermStep{Kind: complaint.StepReminder, Day: p.ReminderDays, Unit: unit})
	}
	return append(steps, complaint.TermStep{Kind: complaint.StepEscalation, Day: p.HandlingDays, Unit: unit})
}

// AppealSteps are the points of the appeal watch (P8.2): a reminder to the
// board AppealReminderDays before its term ends, then the alert when it
// has passed undecided.
func (p Profile) AppealSteps() []complaint.AppealStep {
	steps := []complaint.AppealStep{}
	if p.AppealReminderDays > 0 && p.AppealReminderDays < p.AppealDays {
		steps = append(steps, complaint.AppealStep{Kind: complaint.AppealStepReminder, DaysBefore: p.AppealReminderDays,
			Unit: unitOr(p.AppealUnit)})
	}
	return append(steps, complaint.AppealStep{Kind: complaint.AppealStepOverdue})
}

func has(items []Item, key string) bool {
	return slices.ContainsFunc(items, func(it Item) bool { return it.Key == key })
}

// HasCategory reports whether key is a category of the profile.
func (p Profile) HasCategory(key string) bool {
	for _, c := range p.Categories {
		if c.Key == key {
			return true
		}
	}
	return false
}

// HasChannel reports whether key is a channel of the profile.
func (p Profile) HasChannel(key string) bool { return has(p.Channels, key) }

// HasDepartment reports whether key is a department of the profile.
func (p Profile) HasDepartment(key string) bool { return has(p.Departments, key) }

// HasCampaign reports whether key is a campaign of the profile.
func (p Profile) HasCampaign(key string) bool {
	_, ok := p.Campaign(key)
	return ok
}

// Campaign returns the campaign with key.
func (p Profile) Campaign(key string) (Campaign, bool) {
	for _, c := range p.Campaigns {
		if c.Key == key {
			return c, true
		}
	}
	return Campaign{}, false
}

// HasAgency reports whether key is an agency of the profile.
func (p Profile) HasAgency(key string) bool { return has(p.Agencies, key) }

// AgencyLabel returns the agency's label in lang, or the key.
func (p Profile) AgencyLabel(key string, lang i18n.Lang) string { return label(p.Agencies, key, lang) }

// CampaignLabel returns the campaign's label in lang, or the key.
func (p Profile) CampaignLabel(key string, lang i18n.Lang) string {
	if c, ok := p.Campaign(key); ok {
		return c.Label.In(lang)
	}
	return key
}

// Route decides where a new complaint goes (P5.3): the team is the
// category's route department; a complaint about a campaign's content goes
// to that campaign's head in person when one is named. An unknown category
// routes to the default department.
func (p Profile) Route(category, campaign string) (team string, assignee int64) {
	team = p.DefaultDepartment
	cat, _ := p.category(category)
	if cat.RouteDepartment != "" {
		team = cat.RouteDepartment
	}
	if cat.CampaignHead {
		if c, ok := p.Campaign(campaign); ok {
			assignee = c.HeadUserID
		}
	}
	return team, assignee
}

// ApprovalRule is the profile's rule for four eyes before the answer.
func (p Profile) ApprovalRule() complaint.ApprovalRule {
	return complaint.ApprovalRule{Mode: p.Approval, Categories: p.ApprovalCategories}
}

// HasOutcome reports whether key is an outcome of the profile.
func (p Profile) HasOutcome(key string) bool {
	_, ok := p.outcome(key)
	return ok
}

// OutcomeNeedsReason reports whether the outcome asks for a reason.
func (p Profile) OutcomeNeedsReason(key string) bool {
	o, _ := p.outcome(key)
	return o.Reason
}

func (p Profile) outcome(key string) (Outcome, bool) {
	for _, o := range p.Outcomes {
		if o.Key == key {
			return o, true
		}
	}
	return Outcome{}, false
}

// OutcomeLabel names an outcome in lang.
func (p Profile) OutcomeLabel(key string, lang i18n.Lang) string {
	if o, ok := p.outcome(key); ok {
		return o.Label.In(lang)
	}
	return key
}

// HasLabel reports whether key is a label of the profile.
func (p Profile) HasLabel(key string) bool { return has(p.Labels, key) }

// LabelLabel names a label in lang.
func (p Profile) LabelLabel(key string, lang i18n.Lang) string { return label(p.Labels, key, lang) }

// HasRole reports whether key is a role of the profile.
func (p Profile) HasRole(key string) bool { return has(p.Roles, key) }

// HasCancellationReason reports whether key is a cancellation reason of
// the profile.
func (p Profile) HasCancellationReason(key string) bool { return has(p.CancellationReasons, key) }

// HasCancellationOffer reports whether key is an offer of the profile.
func (p Profile) HasCancellationOffer(key string) bool { return has(p.CancellationOffers, key) }

// CancellationReasonLabel names a cancellation reason in lang.
func (p Profile) CancellationReasonLabel(key string, lang i18n.Lang) string {
	return label(p.CancellationReasons, key, lang)
}

// CancellationOfferLabel names an offer in lang.
func (p Profile) CancellationOfferLabel(key string, lang i18n.Lang) string {
	return label(p.CancellationOffers, key, lang)
}

func label(items []Item, key string, lang i18n.Lang) string {
	for _, it := range items {
		if it.Key == key {
			return it.Label.In(lang)
		}
	}
	return key
}

// CategoryLabel returns the category's label in lang, or the key.
func (p Profile) CategoryLabel(key string, lang i18n.Lang) string {
	for _, c := range p.Categories {
		if c.Key == key {
			return c.Label.In(lang)
		}
	}
	return key
}

// ChannelLabel returns the channel's label in lang, or the key.
func (p Profile) ChannelLabel(key string, lang i18n.Lang) string {
	return label(p.Channels, key, lang)
}

// DepartmentLabel returns the department's label in lang, or the key.
func (p Profile) DepartmentLabel(key string, lang i18n.Lang) string {
	return label(p.Departments, key, lang)
}

// RoleLabel returns the role's label in lang, or the key.
func (p Profile) RoleLabel(key string, lang i18n.Lang) string {
	return label(p.Roles, key, lang)
}

// category returns the category of key.
func (p Profile) category(key string) (Category, bool) {
	for _, c := range p.Categories {
		if c.Key == key {
			return c, true
		}
	}
	return Category{}, false
}

// OffersDoNotCall reports whether complaints of category can put their
// member on the do-not-call list.
func (p Profile) OffersDoNotCall(category string) bool {
	c, ok := p.category(category)
	return ok && c.DoNotCall
}

// IsUnclassified reports whether category is where complaints of no known
// kind go (written "other subjects" in the yearly summary).
func (p Profile) IsUnclassified(category string) bool {
	c, ok := p.category(category)
	return ok && c.Unclassified
}

// Unclassified is the category for mail and complaints whose kind nobody
// chose yet: the one marked so, else the last one, so that a profile
// without an "other" still takes in mail.
func (p Profile) Unclassified() string {
	for _, c := range p.Categories {
		if c.Unclassified {
			return c.Key
		}
	}
	if n := len(p.Categories); n > 0 {
		return p.Categories[n-1].Key
	}
	return ""
}

// ContactKind is the contact volume category's rate is taken against.
func (p Profile) ContactKind(category string) string {
	c, _ := p.category(category)
	return c.ContactKind
}
