package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Handler is who a complaint is handed to: a team (a department) and,
// optionally, a person in it.
type Handler struct {
	Team       string
	AssigneeID int64
	Name       string // the assignee's name, for the timeline
}

// Assign hands the complaint over (P5.3): to another team, to a person, or
// both. kind is EventAssigned or, for P3.2's one-action forward to the
// service-desk coordinator, EventForwarded.
func (c Complaint) Assign(
	to Handler,
	kind EventKind,
	note string,
	v Vocabulary,
	actor int64,
	now time.Time,
) (Complaint, Event, error) {
	note = strings.TrimSpace(note)
	var errs fault.Validation
	if to.Team == "" {
		errs.Add("team", "err.required")
	} else if !v.HasDepartment(to.Team) {
		errs.Add("team", "err.unknown_key", to.Team)
	}
	if utf8.RuneCountInString(note) > MaxNote {
		errs.Add("note", "err.too_long", MaxNote)
	}
	if err := errs.Err(); err != nil {
		return c, Event{}, err
	}
	if err := c.MayHandle(to.AssigneeID, "assignee_id"); err != nil {
		return c, Event{}, err
	}
	if c.Status == Closed {
		return c, Event{}, fault.New(fault.Conflict, "err.closed_edit")
	}
	if to.Team == c.Team && to.AssigneeID == c.AssigneeID && kind == EventAssigned {
		return c, Event{}, fault.New(fault.Conflict, "err.assign.same")
	}
	data := map[string]any{
		"from_team": c.Team, "to_team": to.Team,
		"from_assignee_id": c.AssigneeID, "from_assignee": c.AssigneeName,
		"to_assignee_id": to.AssigneeID, "to_assignee": to.Name,
	}
	if note != "" {
		data["note"] = note
	}
	now = now.UTC()
	c.Team, c.AssigneeID, c.AssigneeName = to.Team, to.AssigneeID, to.Name
	c.UpdatedAt = now
	ev := Event{At: now, ActorID: actor, Kind: kind, Data: data}
	if to.AssigneeID != 0 && to.AssigneeID != actor {
		ev.Notify = []int64{to.AssigneeID}
	}
	return c, ev, nil
}
