// Package call is the telephony side of registration (P3.1): call events
// as a telephony system sends them (the shape of Zammad's generic CTI:
// newCall, answer, hangup), and the caller log they keep.
package call

import (
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

// States of a call in the log.
const (
	Ringing  = "ringing"
	Answered = "answered"
	Ended    = "ended"
)

// Event is one call event.
type Event struct {
	Kind      string // new, answered or hangup
	CallID    string
	Direction string // in or out
	From, To  string
	Agent     string // who answered
	Cause     string // why it ended
}

// kinds maps the names systems use to klacht's: Zammad's generic CTI
// sends newCall, answer and hangup.
var kinds = map[string]string{
	"new": "new", "newcall": "new", "ringing": "new",
	"answered": "answered", "answer": "answered",
	"hangup": "hangup", "ended": "hangup",
}

// Check normalises e and names what is wrong with it.
func (e Event) Check() (Event, error) {
	var errs fault.Validation
	k, ok := kinds[strings.ToLower(strings.TrimSpace(e.Kind))]
	if !ok {
		errs.Add("event", "err.call.event")
	}
	e.Kind = k
	e.CallID = strings.TrimSpace(e.CallID)
	if e.CallID == "" || len(e.CallID) > 200 {
		errs.Add("call_id", "err.required")
	}
	switch d := strings.ToLower(strings.TrimSpace(e.Direction)); d {
	case "", "in", "inbound":
		e.Direction = "in"
	case "out", "outbound":
		e.Direction = "out"
	default:
		errs.Add("direction", "err.unknown_key", e.Direction)
	}
	for _, f := range []*string{&e.From, &e.To, &e.Agent, &e.Cause} {
		*f = strings.TrimSpace(*f)
		if len(*f) > 200 {
			*f = (*f)[:200]
		}
	}
	if e.Kind == "new" && e.From == "" && e.Direction == "in" {
		errs.Add("from", "err.required")
	}
	return e, errs.Err()
}

// State is the state a call is in after the event.
func (e Event) State() string {
	switch e.Kind {
	case "answered":
		return Answered
	case "hangup":
		return Ended
	}
	return Ringing
}

// Call is one call in the log.
type Call struct {
	ID           int64
	CallID       string
	Direction    string
	From, To     string
	Agent        string
	State        string
	Cause        string
	MemberNumber string // the caller, recognised by number
	CallerName   string
	Callers      int // members or complainants using the number: more than one, staff choose
	ComplaintID  int64
	Reference    string // of the complaint it was registered as
	StartedAt    time.Time
	AnsweredAt   time.Time
	EndedAt      time.Time
}

// Caller is the number the complainant calls from: the other side of the
// call.
func (c Call) Caller() string {
	if c.Direction == "out" {
		return c.To
	}
	return c.From
}
