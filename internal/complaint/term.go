package complaint

import "time"

// DueAt is the end of the handling term (P5.4): received plus termDays
// calendar days in the organisation's time zone, so a term that spans a
// daylight-saving change still ends at the same wall-clock time.
func DueAt(received time.Time, termDays int, loc *time.Location) time.Time {
	return received.In(loc).AddDate(0, 0, termDays).UTC()
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

// TermStep is one point of the term watch: Day calendar days after receipt.
type TermStep struct {
	Kind StepKind
	Day  int
}

// ReceivedBy is the latest receipt time for which the step is due at now:
// a complaint received at or before it has reached the step's day.
func (s TermStep) ReceivedBy(now time.Time, loc *time.Location) time.Time {
	return now.In(loc).AddDate(0, 0, -s.Day).UTC()
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
