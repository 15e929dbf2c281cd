package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// The term pause: while the handler waits for information that only the
// complainant can give, the handling term stands still. The pause is
// recorded with its reason; it ends when the complainant answers (status
// page or mail) or the handler resumes it, and the term's end moves on by
// the time it stood still.

// Paused reports whether the term stands still now.
func (c Complaint) Paused() bool { return !c.PausedAt.IsZero() }

// Pause stops the term's clock; reason says what the complainant is asked.
func (c Complaint) Pause(reason string, actor int64, now time.Time) (Complaint, Event, error) {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return c, Event{}, fault.InvalidField("reason", "err.required")
	case n > MaxReason:
		return c, Event{}, fault.InvalidField("reason", "err.too_long", MaxReason)
	}
	switch {
	case !c.Status.Open():
		return c, Event{}, fault.New(fault.Conflict, "err.pause.not_open")
	case c.Paused():
		return c, Event{}, fault.New(fault.Conflict, "err.pause.already")
	}
	now = now.UTC()
	c.PausedAt, c.UpdatedAt = now, now
	return c, Event{At: now, ActorID: actor, Kind: EventTermPaused, Data: map[string]any{"reason": reason}}, nil
}

// Resume starts the clock again; by says who ended the pause
// ("complainant" or "staff"). The term's end moves by the pause.
func (c Complaint) Resume(by string, actor int64, now time.Time) (Complaint, Event, error) {
	if !c.Paused() {
		return c, Event{}, fault.New(fault.Conflict, "err.pause.not_paused")
	}
	now = now.UTC()
	stood := max(now.Sub(c.PausedAt), 0).Truncate(time.Second)
	c.DueAt = c.DueAt.Add(stood)
	c.PausedFor += stood
	c.PausedAt, c.UpdatedAt = time.Time{}, now
	return c, Event{At: now, ActorID: actor, Kind: EventTermResumed, Data: map[string]any{
		"by": by, "paused_hours": stood.Hours(), "due_at": c.DueAt.Format(time.RFC3339),
	}}, nil
}

// Answered is what the complainant's answer (on the status page or by
// mail) does to a paused term: it runs again from now, and the handler is
// told. A running term is left as it is. The events follow the answer's own.
func (c Complaint) Answered(now time.Time) (Complaint, []Event) {
	if !c.Paused() {
		return c, nil
	}
	next, ev, err := c.Resume("complainant", 0, now)
	if err != nil {
		return c, nil
	}
	if next.AssigneeID != 0 {
		ev.Notify = []int64{next.AssigneeID}
	}
	return next, []Event{ev}
}
