package complaint

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// MaxReason bounds the reason of a delay notice; it goes into a letter.
const MaxReason = 2000

// NoticeDelay records that the complaint will pass its term (P5.5): the new
// expected date and the reason, which the written notice to the
// complainant states.
func (c Complaint) NoticeDelay(
	expected time.Time,
	reason string,
	actor int64,
	now time.Time,
) (Complaint, Event, error) {
	reason = strings.TrimSpace(reason)
	var errs fault.Validation
	switch {
	case expected.IsZero():
		errs.Add("expected_at", "err.required")
	case !expected.After(now):
		errs.Add("expected_at", "err.delay.past")
	case !expected.After(c.DueAt):
		errs.Add("expected_at", "err.delay.within_term")
	case expected.After(now.AddDate(1, 0, 0)):
		errs.Add("expected_at", "err.delay.too_far")
	}
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		errs.Add("reason", "err.required")
	case n > MaxReason:
		errs.Add("reason", "err.too_long", MaxReason)
	}
	if err := errs.Err(); err != nil {
		return c, Event{}, err
	}
	if !c.Status.Open() {
		return c, Event{}, fault.New(fault.Conflict, "err.delay.not_open")
	}
	now = now.UTC()
	c.ExpectedAt, c.DelayNoticeAt, c.UpdatedAt = expected.UTC(), now, now
	return c, Event{At: now, ActorID: actor, Kind: EventDelayNotice, Data: map[string]any{
		"expected_at": c.ExpectedAt.Format(time.RFC3339), "reason": reason,
	}}, nil
}
