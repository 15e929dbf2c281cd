package webhook

import (
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/complaint"
)

// ComplaintData is what an event about a complaint tells: the complaint
// as it stands after the event, and the event as its timeline shows it,
// both as the endpoint's role sees them.
type ComplaintData struct {
	Complaint ComplaintView `json:"complaint"`
	Event     EventView     `json:"event"`
}

// ComplaintView is a complaint in a payload. The description is left out:
// a receiver that needs it asks the API, where need to know is checked
// again.
type ComplaintView struct {
	ID          int64                 `json:"id"`
	Reference   string                `json:"reference"`
	Status      complaint.Status      `json:"status"`
	Channel     string                `json:"channel"`
	Category    string                `json:"category"`
	Department  string                `json:"department"`
	Team        string                `json:"team"`
	Campaign    string                `json:"campaign"`
	Agency      string                `json:"agency"`
	Language    string                `json:"language"`
	Complainant complaint.Complainant `json:"complainant"`
	// ContactHidden says the endpoint's role may not see contact details:
	// the empty fields then say nothing of what is on file.
	ContactHidden bool       `json:"contact_hidden,omitempty"`
	ReceivedAt    time.Time  `json:"received_at"`
	DueAt         time.Time  `json:"due_at"`
	AssigneeID    int64      `json:"assignee_id,omitempty"`
	Outcome       string     `json:"outcome,omitempty"`
	HandledAt     *time.Time `json:"handled_at,omitempty"`
	ClosedAt      *time.Time `json:"closed_at,omitempty"`
	MergedInto    string     `json:"merged_into,omitempty"`
}

// EventView is a timeline event in a payload.
type EventView struct {
	Kind    complaint.EventKind `json:"kind"`
	At      time.Time           `json:"at"`
	ActorID int64               `json:"actor_id,omitempty"`
	Data    map[string]any      `json:"data,omitempty"`
}

// ViewComplaint is c in a payload, its contact details blanked unless
// contact is true.
func ViewComplaint(c complaint.Complaint, contact bool) ComplaintView {
	if !contact {
		c.HideContact()
	}
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	return ComplaintView{
		ID: c.ID, Reference: c.Reference, Status: c.Status, Channel: c.Channel, Category: c.Category,
		Department: c.Department, Team: c.Team, Campaign: c.Campaign, Agency: c.Agency, Language: c.Language,
		Complainant: c.Complainant, ContactHidden: c.Hidden != nil, ReceivedAt: c.ReceivedAt, DueAt: c.DueAt,
		AssigneeID: c.AssigneeID, Outcome: c.Outcome, HandledAt: at(c.HandledAt), ClosedAt: at(c.ClosedAt),
		MergedInto: c.MergedInto,
	}
}

// ViewEvent is e in a payload, its contact details blanked unless contact
// is true (the timeline's own rule, complaint.RedactContact).
func ViewEvent(e complaint.Event, contact bool) EventView {
	data := make(map[string]any, len(e.Data))
	for k, v := range e.Data {
		if m, ok := v.(map[string]any); ok { // RedactContact writes into "changes"
			inner := make(map[string]any, len(m))
			for k2, v2 := range m {
				inner[k2] = v2
			}
			v = inner
		}
		data[k] = v
	}
	e.Data = data
	if !contact {
		complaint.RedactContact(&e)
	}
	return EventView{Kind: e.Kind, At: e.At, ActorID: e.ActorID, Data: e.Data}
}

// CancellationView is a cancellation in a payload: what a membership
// system or CRM maps back onto the member (P6.4, P6.5): the reason the call
// found, the offer and whether it was accepted, the outcome.
type CancellationView struct {
	ID             int64      `json:"id"`
	Source         string     `json:"source"`
	SourceID       string     `json:"source_id"`
	MemberNumber   string     `json:"member_number"`
	Name           string     `json:"name"`
	Email          string     `json:"email,omitempty"`
	Phone          string     `json:"phone,omitempty"`
	ContactHidden  bool       `json:"contact_hidden,omitempty"`
	CancelledOn    string     `json:"cancelled_on"` // a date, 2006-01-02
	Reason         string     `json:"reason"`
	Status         string     `json:"status"`
	Attempts       int        `json:"attempts"`
	Outcome        string     `json:"outcome,omitempty"`
	RecordedReason string     `json:"recorded_reason,omitempty"`
	Offer          string     `json:"offer,omitempty"`
	OfferAccepted  string     `json:"offer_accepted,omitempty"` // "yes", "no" or "" (none made)
	Complaint      string     `json:"complaint,omitempty"`      // the reference of the complaint behind it
	Call           *CallView  `json:"call,omitempty"`           // the call this event tells of
	CallBackAt     *time.Time `json:"call_back_at,omitempty"`
}

// CallView is one call attempt in a payload.
type CallView struct {
	At      time.Time `json:"at"`
	ActorID int64     `json:"actor_id,omitempty"`
	Result  string    `json:"result"`
}

// ViewCancellation is x in a payload, contact details blanked unless
// contact is true; call, when set, is the call the event tells of.
func ViewCancellation(x cancellation.Cancellation, call *cancellation.Call, contact bool) CancellationView {
	v := CancellationView{ID: x.ID, Source: x.Source, SourceID: x.SourceID, MemberNumber: x.MemberNumber, Name: x.Name,
		Email: x.Email, Phone: x.Phone, CancelledOn: x.CancelledOn.Format(time.DateOnly), Reason: x.Reason,
		Status: string(x.Status), Attempts: x.Attempts, Outcome: x.Outcome, RecordedReason: x.RecordedReason,
		Offer: x.Offer, OfferAccepted: x.OfferAccepted, Complaint: x.ComplaintRef}
	if !contact {
		v.Email, v.Phone, v.ContactHidden = "", "", true
	}
	if !x.CallBackAt.IsZero() {
		v.CallBackAt = &x.CallBackAt
	}
	if call != nil {
		v.Call = &CallView{At: call.At, ActorID: call.ActorID, Result: call.Result}
	}
	return v
}

// CancellationTold is whether role r is told of cancellations: whoever
// works the call list (P6.2) or brings cancellations in.
func CancellationTold(r auth.Role) bool {
	return auth.Can(r, auth.CancellationWork) || auth.Can(r, auth.CancellationImport)
}
