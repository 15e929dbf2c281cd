// Package cancellation is the unspoken complaint (P6): a membership
// cancellation, the call that asks why (P6.2), the complaint behind it
// (P6.3), the other way to support that is offered (P6.4), and the reason
// that is recorded for every one (P6.5). Pure Go, no I/O.
package cancellation

import (
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
)

// Status is where a cancellation stands on the call list.
type Status string

const (
	ToCall     Status = "to_call"     // on the list: the reason is unclear (P6.2)
	Reached    Status = "reached"     // the canceller was spoken to
	NotReached Status = "not_reached" // closed after the allowed failed attempts
	Done       Status = "done"        // the reason was clear: nobody needs calling
)

// The reasons the procedure itself knows; every profile's list holds them
// (P6.2): an unknown reason, or "other" without a word, puts the canceller
// on the call list.
const (
	ReasonUnknown = "unknown"
	ReasonOther   = "other"
)

// Cancellation is one membership cancellation.
type Cancellation struct {
	ID             int64
	Source         string // where it came from: an import source or "api"
	SourceID       string // the source's own id: imports are idempotent on it
	MemberNumber   string
	Name           string
	Email          string
	Phone          string
	Address        string
	Postcode       string
	City           string
	CancelledOn    time.Time // a date, midnight UTC
	Reason         string
	ReasonText     string
	ReasonClear    bool
	Status         Status
	Attempts       int
	CallBackAt     time.Time
	Outcome        string
	RecordedReason string // the reason as the call found it (P6.5)
	Offer          string
	OfferAccepted  string // "", "yes", "no"
	ComplaintID    int64
	ComplaintRef   string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Normalize checks a cancellation as it arrives and puts it on the call
// list when its reason is unclear. Fields are named as in the CSV and API.
func (c Cancellation) Normalize(p procedure.Profile, now time.Time) (Cancellation, error) {
	var errs fault.Validation
	trim := func(s *string) { *s = strings.Join(strings.Fields(*s), " ") }
	for _, p := range []*string{&c.SourceID, &c.MemberNumber, &c.Name, &c.Email, &c.Phone, &c.Address, &c.Postcode, &c.City, &c.Reason} {
		trim(p)
	}
	c.ReasonText = strings.TrimSpace(c.ReasonText)
	c.Reason = strings.ToLower(c.Reason)
	if c.SourceID == "" {
		errs.Add("id", "err.required")
	}
	if c.MemberNumber == "" {
		errs.Add("member_number", "err.required")
	}
	switch {
	case c.CancelledOn.IsZero():
		errs.Add("date", "err.required")
	case c.CancelledOn.After(now.AddDate(1, 0, 0)) || c.CancelledOn.Year() < 1990:
		errs.Add("date", "err.cancellation.date_range")
	}
	if c.Reason == "" {
		c.Reason = ReasonUnknown
	}
	if !p.HasCancellationReason(c.Reason) {
		errs.Add("reason", "err.unknown_key", c.Reason)
	}
	for field, v := range map[string]string{"name": c.Name, "email": c.Email, "phone": c.Phone, "address": c.Address, "city": c.City} {
		if len(v) > 200 {
			errs.Add(field, "err.too_long", 200)
		}
	}
	if len(c.ReasonText) > 5000 {
		errs.Add("reason_text", "err.too_long", 5000)
	}
	if err := errs.Err(); err != nil {
		return c, err
	}
	// P6.2: a cancellation whose reason is unclear is called.
	if c.Reason == "unknown" || c.Reason == "other" && c.ReasonText == "" {
		c.ReasonClear = false
	}
	if c.ReasonClear {
		c.Status, c.RecordedReason = Done, c.Reason
	} else {
		c.Status = ToCall
	}
	now = now.UTC()
	c.CreatedAt, c.UpdatedAt = now, now
	return c, nil
}

// Call results.
const (
	CallReached    = "reached"
	CallNotReached = "not_reached"
	CallBack       = "call_back"
)

// Call is one attempt to reach a canceller.
type Call struct {
	At         time.Time
	ActorID    int64
	ActorName  string
	Result     string
	CallBackAt time.Time
	Note       string
}

// RecordCall applies a call attempt (P6.2). After maxAttempts failed
// attempts the item leaves the list as not reached.
func (c Cancellation) RecordCall(call Call, maxAttempts int, now time.Time) (Cancellation, error) {
	var errs fault.Validation
	switch call.Result {
	case CallReached, CallNotReached:
	case CallBack:
		if call.CallBackAt.IsZero() || !call.CallBackAt.After(now) {
			errs.Add("call_back_at", "err.cancellation.call_back")
		}
	case "":
		errs.Add("result", "err.required")
	default:
		errs.Add("result", "err.unknown_key", call.Result)
	}
	if len(call.Note) > 5000 {
		errs.Add("note", "err.too_long", 5000)
	}
	if err := errs.Err(); err != nil {
		return c, err
	}
	if c.Status != ToCall {
		return c, fault.New(fault.Conflict, "err.cancellation.not_on_list")
	}
	c.Attempts++
	c.CallBackAt = time.Time{}
	switch call.Result {
	case CallReached:
		c.Status = Reached
	case CallBack:
		c.CallBackAt = call.CallBackAt.UTC()
	case CallNotReached:
		if maxAttempts > 0 && c.Attempts >= maxAttempts {
			c.Status, c.Outcome = NotReached, "not reached"
		}
	}
	c.UpdatedAt = now.UTC()
	return c, nil
}

// Conclude records what the call found (P6.5): the reason, whether the
// cancellation hides a complaint, and the offer made (P6.4).
func (c Cancellation) Conclude(
	p procedure.Profile,
	reason, outcome, offer, accepted string,
	now time.Time,
) (Cancellation, error) {
	var errs fault.Validation
	if !p.HasCancellationReason(reason) {
		errs.Add("recorded_reason", "err.unknown_key", reason)
	}
	if len(outcome) > 5000 {
		errs.Add("outcome", "err.too_long", 5000)
	}
	if offer != "" && !p.HasCancellationOffer(offer) {
		errs.Add("offer", "err.unknown_key", offer)
	}
	if accepted != "" && accepted != "yes" && accepted != "no" {
		errs.Add("offer_accepted", "err.unknown_key", accepted)
	}
	if offer == "" && accepted != "" {
		errs.Add("offer", "err.required")
	}
	if err := errs.Err(); err != nil {
		return c, err
	}
	if c.Status == ToCall {
		return c, fault.New(fault.Conflict, "err.cancellation.not_called")
	}
	c.RecordedReason, c.Outcome = reason, strings.TrimSpace(outcome)
	c.Offer, c.OfferAccepted = offer, accepted
	c.UpdatedAt = now.UTC()
	return c, nil
}

// ReasonKey reads a reason as an export names it: its key or its label in
// either language, in any case ("verhuisd", "Moved", "moved").
func ReasonKey(p procedure.Profile, v string) (string, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	for _, r := range p.CancellationReasons {
		if v == r.Key || v == strings.ToLower(r.Label.NL) || v == strings.ToLower(r.Label.EN) {
			return r.Key, true
		}
	}
	return "", false
}

// ReasonLabels lists the reasons as lang names them, for a message that
// says which values are allowed.
func ReasonLabels(p procedure.Profile, lang i18n.Lang) string {
	labels := make([]string, len(p.CancellationReasons))
	for i, r := range p.CancellationReasons {
		labels[i] = strings.ToLower(r.Label.In(lang))
	}
	return strings.Join(labels, ", ")
}
