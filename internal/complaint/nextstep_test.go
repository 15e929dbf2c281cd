package complaint

import (
	"testing"
	"time"
)

func TestNextStep(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name   string
		c      Complaint
		appeal bool
		want   Step
	}{
		{"registered, no team", Complaint{Status: Registered}, false, StepAssign},
		{"registered, routed", Complaint{Status: Registered, Team: "servicelijn"}, false, StepStart},
		{"in progress", Complaint{Status: InProgress, Team: "servicelijn"}, false, StepHandle},
		{"in progress without team", Complaint{Status: InProgress}, false, StepHandle},
		{"waiting on the complainant", Complaint{Status: InProgress, PausedAt: t0}, false, StepResume},
		{"registered, waiting on the complainant", Complaint{Status: Registered, PausedAt: t0}, false, StepResume},
		{"handled", Complaint{Status: Handled}, false, StepClose},
		{"handled, appeal open", Complaint{Status: Handled}, true, StepDecideAppeal},
		{"closed", Complaint{Status: Closed}, false, StepNone},
		{"closed, appeal open", Complaint{Status: Closed}, true, StepDecideAppeal},
		{"merged away", Complaint{Status: Closed, MergedInto: "K-2026-00001"}, true, StepNone},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := NextStep(c.c, c.appeal); got != c.want {
				t.Errorf("NextStep = %q, want %q", got, c.want)
			}
		})
	}
}
