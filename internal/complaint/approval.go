package complaint

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Four eyes before the final answer: where the profile asks
// it, the outcome letter or mail waits for a second person's approval.
// The handling term runs on while it waits.

// How a profile asks for approval.
const (
	ApprovalOff     = ""
	ApprovalAll     = "all"     // every written outcome
	ApprovalFlagged = "flagged" // complaints flagged, or of the chosen categories
)

// Flags a complaint can carry that make its answer need approval.
var Flags = []string{"legal", "regulatory", "reputation"}

// ValidFlags checks flags and returns them sorted, each once.
func ValidFlags(flags []string) ([]string, error) {
	out := make([]string, 0, len(flags))
	for _, f := range flags {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !slices.Contains(Flags, f) {
			return nil, fault.InvalidField("flags", "err.unknown_key", f)
		}
		out = append(out, f)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ApprovalRule is the profile's rule: its mode and, for ApprovalFlagged,
// the categories whose answers always need approval.
type ApprovalRule struct {
	Mode       string
	Categories []string
}

// Needs reports whether the outcome told via, for c with flags, waits for
// approval: only a written outcome (e-mail or letter) does; a phone call
// has been made already.
func (r ApprovalRule) Needs(c Complaint, flags []string, via string) bool {
	if via != ToldByEmail && via != ToldByLetter {
		return false
	}
	switch r.Mode {
	case ApprovalAll:
		return true
	case ApprovalFlagged:
		return len(flags) > 0 || slices.Contains(r.Categories, c.Category)
	}
	return false
}

// OutcomeDraft is a written outcome waiting for approval.
type OutcomeDraft struct {
	Told
	DraftedBy     int64     `json:"drafted_by"`
	DraftedByName string    `json:"drafted_by_name"`
	DraftedAt     time.Time `json:"drafted_at"`
}

// RequestApproval checks the outcome as Handle would and returns it as a
// draft for a second person, with the event that asks for it.
func (c Complaint) RequestApproval(t Told, actor int64, now time.Time) (OutcomeDraft, Event, error) {
	t, err := c.checkTold(t, now)
	if err != nil {
		return OutcomeDraft{}, Event{}, err
	}
	if c.Status != InProgress {
		return OutcomeDraft{}, Event{}, fault.New(fault.Conflict, "err.approval.not_in_progress")
	}
	now = now.UTC()
	d := OutcomeDraft{Told: t, DraftedBy: actor, DraftedAt: now}
	return d, Event{At: now, ActorID: actor, Kind: EventApprovalAsked,
		Data: map[string]any{"told_via": t.Via, "outcome": t.Summary}}, nil
}

// Approve is the second person's yes: the complaint is handled as the
// draft says, with its message, and the approval is on the timeline. The
// one who drafted it cannot approve it.
func (d OutcomeDraft) Approve(c Complaint, approver int64, now time.Time) (Complaint, []Event, error) {
	if approver == d.DraftedBy {
		return c, nil, fault.New(fault.Forbidden, "err.approval.self")
	}
	next, ev, err := c.Handle(d.Told, d.DraftedBy, now)
	if err != nil {
		return c, nil, err
	}
	approved := Event{At: now.UTC(), ActorID: approver, Kind: EventApproved,
		Data: map[string]any{"waited_hours": now.Sub(d.DraftedAt).Hours()}}
	return next, []Event{approved, ev}, nil
}

// SendBack returns the draft to its writer with a note of what to change.
func (d OutcomeDraft) SendBack(note string, approver int64, now time.Time) (Event, error) {
	note = strings.TrimSpace(note)
	switch n := utf8.RuneCountInString(note); {
	case n == 0:
		return Event{}, fault.InvalidField("approval_note", "err.required")
	case n > MaxNote:
		return Event{}, fault.InvalidField("approval_note", "err.too_long", MaxNote)
	}
	if approver == d.DraftedBy {
		return Event{}, fault.New(fault.Forbidden, "err.approval.self")
	}
	return Event{At: now.UTC(), ActorID: approver, Kind: EventSentBack, Notify: []int64{d.DraftedBy},
		Data: map[string]any{"note": note}}, nil
}
