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
