package complaint

import (
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
)

// Status is where a complaint stands in its lifecycle.
type Status string

const (
	Registered Status = "registered"
	InProgress Status = "in_progress"
	Handled    Status = "handled"
	Closed     Status = "closed"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{Registered, InProgress, Handled, Closed}

// transitions is the lifecycle: registered → in progress → handled → closed,
// and a handled or closed complaint may be reopened (back to in progress).
// Every transition not listed is refused.
var transitions = map[Status][]Status{
	Registered: {InProgress},
	InProgress: {Handled},
	Handled:    {Closed, InProgress},
	Closed:     {InProgress},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	_, ok := transitions[s]
	return ok
}

// Open reports whether the complaint still needs work, so its term runs.
func (s Status) Open() bool { return s == Registered || s == InProgress }

// Next lists the statuses s may move to, in a stable order.
func (s Status) Next() []Status { return transitions[s] }

// CanMoveTo reports whether the lifecycle allows s → to.
func (s Status) CanMoveTo(to Status) bool {
	for _, n := range transitions[s] {
		if n == to {
			return true
		}
	}
	return false
}

// IsReopen reports whether s → to reopens a finished complaint.
func (s Status) IsReopen(to Status) bool {
	return (s == Handled || s == Closed) && to == InProgress
}

// CheckTransition returns a Conflict error naming both statuses when the
// lifecycle forbids s → to, and an Invalid error for an unknown target.
func (s Status) CheckTransition(to Status) error {
	if !to.Valid() {
		return fault.InvalidField("status", "err.status.unknown", string(to))
	}
	if !s.CanMoveTo(to) {
		return fault.New(fault.Conflict, "err.status.transition", i18n.Key("status."+string(s)), i18n.Key("status."+string(to)))
	}
	return nil
}
