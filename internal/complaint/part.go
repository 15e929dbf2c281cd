package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// One complaint, several departments (article 5 of the
// procedure: financial and delivery matters to membership administration,
// content to the campaign heads). A referral can split a complaint into
// parts, each with its own department, handler and term; each department
// sees only its part, and the complaint is handled when every part is.

// Part is one department's share of a complaint.
type Part struct {
	ID           int64     `json:"id"`
	ComplaintID  int64     `json:"-"`
	Reference    string    `json:"reference"`
	Department   string    `json:"department"`
	AssigneeID   int64     `json:"assignee_id,omitempty"`
	AssigneeName string    `json:"assignee_name,omitempty"`
	What         string    `json:"what"` // what this part is about, in the referrer's words
	DueAt        time.Time `json:"due_at"`
	HandledAt    time.Time `json:"handled_at,omitzero"`
	Outcome      string    `json:"outcome,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Handled reports whether the part's department finished it.
func (p Part) Handled() bool { return !p.HandledAt.IsZero() }

// Overdue reports whether the part is past its term unhandled.
func (p Part) Overdue(now time.Time) bool { return !p.Handled() && now.After(p.DueAt) }

// AllHandled reports whether every part is handled (true for none).
func AllHandled(parts []Part) bool {
	for _, p := range parts {
		if !p.Handled() {
			return false
		}
	}
	return true
}

// SplitPart refers a part of c to a department (and, if named, a person
// in it) with its own term; the person complained about never handles it.
func SplitPart(c Complaint, what, department string, assignee int64, due time.Time, v Vocabulary, actor int64,
	now time.Time) (Part, Event, error) {
	what = strings.TrimSpace(what)
	var errs fault.Validation
	switch n := utf8.RuneCountInString(what); {
	case n == 0:
		errs.Add("part.what", "err.required")
	case n > MaxNote:
		errs.Add("part.what", "err.too_long", MaxNote)
	}
	switch {
	case department == "":
		errs.Add("part.department", "err.required")
	case !v.HasDepartment(department):
		errs.Add("part.department", "err.unknown_key", department)
	}
	switch {
	case due.IsZero():
		errs.Add("part.due", "err.required")
	case !due.After(now):
		errs.Add("part.due", "err.measure.past")
	}
	if err := errs.Err(); err != nil {
		return Part{}, Event{}, err
	}
	if err := c.MayHandle(assignee, "part.assignee_id"); err != nil {
		return Part{}, Event{}, err
	}
	if !c.Status.Open() || c.MergedInto != "" {
		return Part{}, Event{}, fault.New(fault.Conflict, "err.part.not_open")
	}
	now = now.UTC()
	p := Part{ComplaintID: c.ID, Reference: c.Reference, Department: department, AssigneeID: assignee, What: what,
		DueAt: due.UTC(), CreatedAt: now}
	ev := Event{At: now, ActorID: actor, Kind: EventPartAdded,
		Data: map[string]any{"department": department, "what": what, "due_at": p.DueAt.Format(time.RFC3339)}}
	if assignee != 0 {
		ev.Notify = []int64{assignee}
	}
	return p, ev, nil
}

// Handle records how the part's department finished it.
func (p Part) Handle(outcome string, actor int64, now time.Time) (Part, Event, error) {
	outcome = strings.TrimSpace(outcome)
	switch n := utf8.RuneCountInString(outcome); {
	case n == 0:
		return p, Event{}, fault.InvalidField("part.outcome", "err.required")
	case n > MaxNote:
		return p, Event{}, fault.InvalidField("part.outcome", "err.too_long", MaxNote)
	}
	if p.Handled() {
		return p, Event{}, fault.New(fault.Conflict, "err.part.handled")
	}
	p.HandledAt, p.Outcome = now.UTC(), outcome
	return p, Event{At: p.HandledAt, ActorID: actor, Kind: EventPartHandled,
		Data: map[string]any{"department": p.Department, "what": p.What, "outcome": outcome}}, nil
}

// PartsOpen refuses to close the handling of a complaint while a part of
// it is open: the complaint is handled when every part is.
func PartsOpen(parts []Part) error {
	if !AllHandled(parts) {
		return fault.New(fault.Conflict, "err.parts.open")
	}
	return nil
}

// PartsOf is what a reader sees of a split complaint's parts: all of them
// when the complaint is theirs (their team's, handed to them, taken by
// them) or they oversee the register's routing (oversees: the
// coordinators, the administrators); else, when a part is referred to
// them or their department, that part only (only is true: the page shows
// them their share alone, article 5).
func PartsOf(c Complaint, parts []Part, user int64, department string, oversees bool) (mine []Part, only bool) {
	if oversees || c.AssigneeID == user || c.TakenByID == user || (department != "" && c.Team == department) {
		return parts, false
	}
	for _, p := range parts {
		if p.AssigneeID == user || (department != "" && p.Department == department) {
			mine = append(mine, p)
		}
	}
	if len(mine) == 0 {
		return parts, false
	}
	return mine, true
}
