package complaint

import (
	"sort"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

// Merging duplicates: complaints from the same person about the same
// matter become one. The others are closed as duplicates of the survivor;
// their timelines, files and messages join it. Handled work is never
// undone: a handled or closed complaint is not merged into one less far
// along, and the suggested survivor is the one furthest along, then the
// oldest.

// progress is how far along the lifecycle a status is.
func (s Status) progress() int {
	for i, st := range Statuses {
		if st == s {
			return i
		}
	}
	return -1
}

// SuggestSurvivor is the complaint the others should merge into: the one
// furthest along (so no handled work is undone), then the one received
// first, then the lowest reference. cs must not be empty.
func SuggestSurvivor(cs []Complaint) Complaint {
	sorted := append([]Complaint(nil), cs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if pa, pb := a.Status.progress(), b.Status.progress(); pa != pb {
			return pa > pb
		}
		if !a.ReceivedAt.Equal(b.ReceivedAt) {
			return a.ReceivedAt.Before(b.ReceivedAt)
		}
		return a.Reference < b.Reference
	})
	return sorted[0]
}

// CheckMerge is the rule for merging dup into keep: not itself, neither
// merged before, dup not before the board (an appeal is its own case), and
// a finished dup (handled, closed) only into a complaint as far along, so
// finished work is never undone.
func CheckMerge(keep, dup Complaint, dupUnderAppeal bool) error {
	switch {
	case dup.Reference == keep.Reference:
		return fault.InvalidField("references", "err.merge.self")
	case keep.MergedInto != "":
		return fault.New(fault.Conflict, "err.merge.merged", keep.Reference, keep.MergedInto)
	case dup.MergedInto != "":
		return fault.New(fault.Conflict, "err.merge.merged", dup.Reference, dup.MergedInto)
	case dupUnderAppeal:
		return fault.New(fault.Conflict, "err.merge.appeal", dup.Reference)
	case !dup.Status.Open() && dup.Status.progress() > keep.Status.progress():
		return fault.New(fault.Conflict, "err.merge.further", dup.Reference, keep.Reference, dup.Reference)
	}
	return nil
}

// MergeInto closes dup as a duplicate of keep, after CheckMerge: the one
// way to closed outside the lifecycle's arrows, as the matter lives on in
// keep. What dup recorded (handled, told, outcome) stays as it was.
func MergeInto(dup, keep Complaint, actor int64, now time.Time) (Complaint, Event) {
	from := dup.Status
	dup.Status, dup.MergedInto, dup.UpdatedAt = Closed, keep.Reference, now
	if dup.ClosedAt.IsZero() {
		dup.ClosedAt = now
	}
	dup.PausedAt = time.Time{}
	return dup, Event{
		At:      now,
		ActorID: actor,
		Kind:    EventMergedInto,
		Data:    map[string]any{"into": keep.Reference, "from": string(from)},
	}
}
