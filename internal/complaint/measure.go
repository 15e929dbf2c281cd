package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Measure is what the decision on a complaint sets out to do (Wkkgz art.
// 17: measures with their terms): what, who sees to it, and by when. The
// term watch follows it like the handling term.
type Measure struct {
	ID          int64     `json:"id"`
	ComplaintID int64     `json:"-"`
	Reference   string    `json:"reference"`
	What        string    `json:"what"`
	OwnerID     int64     `json:"owner_id"`
	OwnerName   string    `json:"owner_name"`
	DueAt       time.Time `json:"due_at"`
	DoneAt      time.Time `json:"done_at,omitzero"`
	DoneNote    string    `json:"done_note"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   int64     `json:"-"`
}

// Done reports whether the measure was carried out.
func (m Measure) Done() bool { return !m.DoneAt.IsZero() }

// Late reports whether the measure is past its term at now, undone, or
// was done after it.
func (m Measure) Late(now time.Time) bool {
	if m.Done() {
		return m.DoneAt.After(m.DueAt)
	}
	return now.After(m.DueAt)
}

// SetMeasure checks a new measure on c: what is to be done (required),
// who sees to it (a member of staff) and by when (after now, within two
// years). The event records it on c's timeline and tells the owner.
func SetMeasure(c Complaint, what string, owner int64, due time.Time, actor int64, now time.Time) (Measure, Event, error) {
	what = strings.TrimSpace(what)
	var errs fault.Validation
	switch n := utf8.RuneCountInString(what); {
	case n == 0:
		errs.Add("what", "err.required")
	case n > MaxNote:
		errs.Add("what", "err.too_long", MaxNote)
	}
	if owner == 0 {
		errs.Add("owner_id", "err.required")
	}
	switch {
	case due.IsZero():
		errs.Add("due", "err.required")
	case !due.After(now):
		errs.Add("due", "err.measure.past")
	case due.After(now.AddDate(2, 0, 0)):
		errs.Add("due", "err.measure.far")
	}
	if err := errs.Err(); err != nil {
		return Measure{}, Event{}, err
	}
	if c.MergedInto != "" {
		return Measure{}, Event{}, fault.New(fault.Conflict, "err.measure.merged")
	}
	now = now.UTC()
	m := Measure{ComplaintID: c.ID, Reference: c.Reference, What: what, OwnerID: owner, DueAt: due.UTC(),
		CreatedAt: now, CreatedBy: actor}
	ev := Event{At: now, ActorID: actor, Kind: EventMeasureSet, Notify: []int64{owner},
		Data: map[string]any{"what": what, "due_at": m.DueAt.Format(time.RFC3339)}}
	return m, ev, nil
}

// Complete marks m done with a note of how; the event records it.
func (m Measure) Complete(note string, actor int64, now time.Time) (Measure, Event, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNote {
		return m, Event{}, fault.InvalidField("done_note", "err.too_long", MaxNote)
	}
	if m.Done() {
		return m, Event{}, fault.New(fault.Conflict, "err.measure.done")
	}
	m.DoneAt, m.DoneNote = now.UTC(), note
	return m, Event{At: m.DoneAt, ActorID: actor, Kind: EventMeasureDone,
		Data: map[string]any{"what": m.What, "note": note, "late": m.Late(now)}}, nil
}

// WatchStep names a point of the watch over the terms of measures and of
// a split complaint's parts.
type WatchStep string

const (
	// WatchReminder reminds the owner that the term is running out.
	WatchReminder WatchStep = "reminder"
	// WatchOverdue tells the owner and the coordinators it has passed.
	WatchOverdue WatchStep = "overdue"
)

// WatchReminderDays is how many days (in the handling term's unit) before
// its term the one who sees to a measure or a part is reminded.
const WatchReminderDays = 3
