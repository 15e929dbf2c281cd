package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// MaxRatingComment bounds what a complainant adds to a rating.
const MaxRatingComment = 2000

// Rate is the complainant's rating of how c was handled (R1): a score from
// 1 to 5 and what they add, once, and only when the complaint is handled
// (or closed after handling). rated says whether c has a rating already.
// The event tells the handler.
func (c Complaint) Rate(score int, comment string, rated bool, now time.Time) (Event, error) {
	comment = strings.TrimSpace(comment)
	var errs fault.Validation
	if score < 1 || score > 5 {
		errs.Add("score", "err.rating.score")
	}
	if utf8.RuneCountInString(comment) > MaxRatingComment {
		errs.Add("comment", "err.too_long", MaxRatingComment)
	}
	if err := errs.Err(); err != nil {
		return Event{}, err
	}
	switch {
	case c.Status != Handled && c.Status != Closed:
		return Event{}, fault.New(fault.Conflict, "err.rating.not_handled")
	case rated:
		return Event{}, fault.New(fault.Conflict, "err.rating.already")
	}
	ev := Event{At: now.UTC(), Kind: EventRated, Data: map[string]any{"score": score, "text": comment}}
	if c.AssigneeID != 0 {
		ev.Notify = []int64{c.AssigneeID}
	}
	return ev, nil
}
