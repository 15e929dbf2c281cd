package complaint

import "time"

// DueAt is the end of a term of termDays calendar days (P5.4) from
// received in loc: the charity's calendar, which Calendar.End generalises.
func DueAt(received time.Time, termDays int, loc *time.Location) time.Time {
	return Calendar{Location: loc}.End(received, Term{N: termDays, Unit: Days})
}

// Overdue reports whether a complaint in status s with due date due is past
// its term at now.
func Overdue(s Status, due, now time.Time) bool {
	return s.Open() && now.After(due)
}

// DueSoon reports whether an open complaint's term ends within window.
func DueSoon(s Status, due, now time.Time, window time.Duration) bool {
	return s.Open() && !now.After(due) && due.Sub(now) <= window
}

// StepKind names a point of the term watch (P5.4).
type StepKind string

const (
	// StepReminder reminds the handler that the term is running out.
	StepReminder StepKind = "reminder"
	// StepEscalation marks the complaint overdue and alerts the coordinator.
	StepEscalation StepKind = "escalation"
)

// TermStep is one point of the term watch: Day days after receipt, in the
// handling term's unit.
type TermStep struct {
	Kind StepKind
	Day  int
	Unit Unit
}

func (s TermStep) term() Term { return Term{N: s.Day, Unit: s.Unit} }

// ReceivedBy bounds the receipts for which the step may be due at now: a
// complaint received later has not reached the step's day. Whether one
// received earlier has is At's to say.
func (s TermStep) ReceivedBy(now time.Time, cal Calendar) time.Time {
	return cal.StartedBy(now, s.term())
}

// At is when the step comes for c: its day counted on the calendar from
// receipt, later by the time the term stood still.
func (s TermStep) At(c Complaint, cal Calendar) time.Time {
	return cal.End(c.ReceivedAt, s.term()).Add(c.PausedFor)
}

// Breach reports whether an open complaint is past its term without a
// written notice to the complainant (P5.5), or past the date that notice
// promised.
func (c Complaint) Breach(now time.Time) bool {
	if !c.Overdue(now) {
		return false
	}
	return c.DelayNoticeAt.IsZero() || (!c.ExpectedAt.IsZero() && now.After(c.ExpectedAt))
}

// HandledInTerm reports whether c was handled no later than the end of its
// term (R1: handled within the term).
func (c Complaint) HandledInTerm() bool { return !c.HandledAt.IsZero() && !c.HandledAt.After(c.DueAt) }
