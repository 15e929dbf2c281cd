package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Decisions of the board on an appeal (P8.2).
const (
	Upheld       = "upheld"
	PartlyUpheld = "partly_upheld"
	Rejected     = "rejected"
)

// Decisions lists them in display order.
var Decisions = []string{Upheld, PartlyUpheld, Rejected}

// Appeal is a complainant's appeal to the board against how their
// complaint was handled (P8.1).
type Appeal struct {
	ID          int64
	ComplaintID int64
	Reference   string
	Name        string // the complainant's, for lists
	Grounds     string
	FiledAt     time.Time
	FiledBy     int64 // staff who filed it on the complainant's behalf; 0 when they filed it themselves
	DueAt       time.Time
	Decision    string
	Reasoning   string
	DecidedAt   time.Time
	DecidedBy   int64
	DeciderName string
}

// FileAppeal opens an appeal on a handled or closed complaint; the board
// decides within term, counted on cal (P8.2: 30 calendar days).
func FileAppeal(c Complaint, grounds string, by int64, term Term, cal Calendar, now time.Time) (Appeal, error) {
	grounds = strings.TrimSpace(grounds)
	switch n := utf8.RuneCountInString(grounds); {
	case n == 0:
		return Appeal{}, fault.InvalidField("grounds", "err.required")
	case n > MaxDescription:
		return Appeal{}, fault.InvalidField("grounds", "err.too_long", MaxDescription)
	}
	if c.Status != Handled && c.Status != Closed {
		return Appeal{}, fault.New(fault.Conflict, "err.appeal.not_handled")
	}
	now = now.UTC()
	return Appeal{ComplaintID: c.ID, Reference: c.Reference, Grounds: grounds, FiledAt: now, FiledBy: by,
		DueAt: cal.End(now, term)}, nil
}

// Open reports whether the board has yet to decide.
func (a Appeal) Open() bool { return a.DecidedAt.IsZero() }

// Overdue reports whether the board's term has passed undecided.
func (a Appeal) Overdue(now time.Time) bool { return a.Open() && now.After(a.DueAt) }

// Decide records the board's decision with its reasoning.
func (a Appeal) Decide(decision, reasoning string, by int64, now time.Time) (Appeal, error) {
	reasoning = strings.TrimSpace(reasoning)
	var errs fault.Validation
	switch decision {
	case Upheld, PartlyUpheld, Rejected:
	case "":
		errs.Add("decision", "err.required")
	default:
		errs.Add("decision", "err.unknown_key", decision)
	}
	switch n := utf8.RuneCountInString(reasoning); {
	case n == 0:
		errs.Add("reasoning", "err.required")
	case n > MaxDescription:
		errs.Add("reasoning", "err.too_long", MaxDescription)
	}
	if err := errs.Err(); err != nil {
		return a, err
	}
	if !a.Open() {
		return a, fault.New(fault.Conflict, "err.appeal.decided")
	}
	a.Decision, a.Reasoning, a.DecidedAt, a.DecidedBy = decision, reasoning, now.UTC(), by
	return a, nil
}

// AppealStepKind names a point of the appeal watch (P8.2).
type AppealStepKind string

const (
	// AppealStepReminder reminds the board that its decision is due soon.
	AppealStepReminder AppealStepKind = "reminder"
	// AppealStepOverdue marks an undecided appeal overdue and alerts the
	// board and the procedure's owner.
	AppealStepOverdue AppealStepKind = "overdue"
)

// AppealStep is one point of the appeal watch: DaysBefore days (in the
// appeal term's unit) before the board's term ends (0: once it has
// passed), as TermStep is for the handling term.
type AppealStep struct {
	Kind       AppealStepKind
	DaysBefore int
	Unit       Unit
}

// DueBy is the latest end of term for which the step is due at now: an
// undecided appeal due at or before it has reached the step.
func (s AppealStep) DueBy(now time.Time, cal Calendar) time.Time {
	return DueBy(now, cal, Term{N: s.DaysBefore, Unit: s.Unit})
}

// DueBy is the latest end of a term for which a step before (that long
// before the end; zero: once it has passed) is due at now: a term ending
// at or before it has reached the step.
func DueBy(now time.Time, cal Calendar, before Term) time.Time {
	if before.N == 0 {
		return now.UTC()
	}
	cal.EndOnWorkingDay = false // a reminder's window, not a term set by law
	return cal.End(now, before)
}

// Due reports whether the step is due for a at now. An appeal due exactly
// now is overdue only from the next moment.
func (s AppealStep) Due(a Appeal, now time.Time, cal Calendar) bool {
	if !a.Open() {
		return false
	}
	if s.Kind == AppealStepOverdue {
		return a.Overdue(now)
	}
	return !a.DueAt.After(s.DueBy(now, cal))
}

// Event is what the step records on the complaint's timeline.
func (s AppealStep) Event(a Appeal, now time.Time) Event {
	kind := EventAppealReminder
	if s.Kind == AppealStepOverdue {
		kind = EventAppealOverdue
	}
	return Event{
		At:   now.UTC(),
		Kind: kind,
		Data: map[string]any{"appeal_id": a.ID, "due_at": a.DueAt.Format(time.RFC3339)},
	}
}
