package complaint

import (
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/fault"
)

func TestRate(t *testing.T) {
	handled := Complaint{Status: Handled, AssigneeID: 4}
	for _, c := range []struct {
		name    string
		c       Complaint
		score   int
		comment string
		rated   bool
		code    fault.Code
		field   string
	}{
		{"handled", handled, 4, " Netjes. ", false, "", ""},
		{"closed", Complaint{Status: Closed}, 1, "", false, "", ""},
		{"score too low", handled, 0, "", false, fault.Invalid, "score"},
		{"score too high", handled, 6, "", false, fault.Invalid, "score"},
		{"comment too long", handled, 3, strings.Repeat("x", MaxRatingComment+1), false, fault.Invalid, "comment"},
		{"not handled yet", Complaint{Status: InProgress}, 3, "", false, fault.Conflict, ""},
		{"twice", handled, 3, "", true, fault.Conflict, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ev, err := c.c.Rate(c.score, c.comment, c.rated, now)
			if c.code == "" {
				if err != nil || ev.Kind != EventRated || ev.Data["score"] != c.score {
					t.Fatalf("Rate = %+v, %v", ev, err)
				}
				if c.c.AssigneeID != 0 && (len(ev.Notify) != 1 || ev.Notify[0] != c.c.AssigneeID) {
					t.Errorf("the handler is not told: %v", ev.Notify)
				}
				if ev.Data["text"] != strings.TrimSpace(c.comment) {
					t.Errorf("comment %q not trimmed", ev.Data["text"])
				}
				return
			}
			e, ok := fault.As(err)
			if !ok || e.Code != c.code || e.Field() != c.field {
				t.Errorf("err = %v, want %s on %q", err, c.code, c.field)
			}
		})
	}
}
