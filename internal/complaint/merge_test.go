package complaint

import (
	"testing"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

func TestMergeRules(t *testing.T) {
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := func(ref string, s Status, days int) Complaint {
		return Complaint{Reference: ref, Status: s, ReceivedAt: day.AddDate(0, 0, days)}
	}
	for _, tt := range []struct {
		name string
		cs   []Complaint
		want string
	}{
		{"the handled one survives", []Complaint{c("K-1", Registered, 0), c("K-2", Handled, 1)}, "K-2"},
		{"then the oldest", []Complaint{c("K-3", InProgress, 2), c("K-4", InProgress, 1)}, "K-4"},
		{"then the lowest reference", []Complaint{c("K-6", Registered, 0), c("K-5", Registered, 0)}, "K-5"},
		{"closed is furthest", []Complaint{c("K-7", Handled, 0), c("K-8", Closed, 5)}, "K-8"},
	} {
		if got := SuggestSurvivor(tt.cs).Reference; got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name      string
		keep, dup Complaint
		appeal    bool
		want      fault.Code
	}{
		{"open into open", c("K-1", Registered, 0), c("K-2", InProgress, 1), false, ""},
		{"handled into handled", c("K-1", Handled, 0), c("K-2", Handled, 1), false, ""},
		{"open into handled", c("K-1", Handled, 0), c("K-2", Registered, 1), false, ""},
		{"handled into open is refused", c("K-1", Registered, 0), c("K-2", Handled, 1), false, fault.Conflict},
		{"closed into handled is refused", c("K-1", Handled, 0), c("K-2", Closed, 1), false, fault.Conflict},
		{"itself", c("K-1", Registered, 0), c("K-1", Registered, 0), false, fault.Invalid},
		{"under appeal", c("K-1", Handled, 0), c("K-2", Handled, 1), true, fault.Conflict},
		{"merged before", c("K-1", Registered, 0), Complaint{Reference: "K-2", Status: Closed, MergedInto: "K-9"}, false, fault.Conflict},
	} {
		err := CheckMerge(tt.keep, tt.dup, tt.appeal)
		if fault.CodeOf(err) != tt.want && !(tt.want == "" && err == nil) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	dup, ev := MergeInto(
		Complaint{Reference: "K-2", Status: Handled, HandledAt: day, PausedAt: day},
		c("K-1", Handled, 0),
		7,
		day.Add(time.Hour),
	)
	if dup.Status != Closed || dup.MergedInto != "K-1" || !dup.ClosedAt.Equal(day.Add(time.Hour)) || !dup.HandledAt.Equal(day) ||
		!dup.PausedAt.IsZero() ||
		ev.Kind != EventMergedInto ||
		ev.Data["from"] != "handled" {
		t.Errorf("merged duplicate %+v, event %+v", dup, ev)
	}
}
