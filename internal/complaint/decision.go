package complaint

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Decision is what came of a complaint as the reports need it (ISO 10002
// 7.2 and 8): the outcome from the profile's list (with a reason where it
// asks for one: why it was not handled, where it was forwarded), the
// remedy the complainant asked for and the one given (with an amount in
// cents), labels that may hold several values, and what the organisation
// learns from it.
type Decision struct {
	Outcome       string   `json:"outcome"`
	OutcomeReason string   `json:"outcome_reason"`
	RemedyAsked   string   `json:"remedy_asked"`
	RemedyGiven   string   `json:"remedy_given"`
	AmountCents   int64    `json:"amount_cents"`
	Labels        []string `json:"labels"`
	Lesson        string   `json:"lesson"`

	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy int64     `json:"-"`
}

// DecisionVocabulary is the part of the profile a decision is checked
// against.
type DecisionVocabulary interface {
	HasOutcome(key string) bool
	OutcomeNeedsReason(key string) bool
	HasLabel(key string) bool
}

// MaxAmountCents bounds a remedy's amount: a million euros.
const MaxAmountCents = 100_000_000

// Empty reports whether nothing of the decision is recorded.
func (d Decision) Empty() bool {
	return d.Outcome == "" && d.OutcomeReason == "" && d.RemedyAsked == "" && d.RemedyGiven == "" &&
		d.AmountCents == 0 && len(d.Labels) == 0 && d.Lesson == ""
}

// Normalize trims d and checks it, naming each field at fault.
func (d Decision) Normalize(v DecisionVocabulary) (Decision, error) {
	var errs fault.Validation
	d.Outcome, d.OutcomeReason = strings.TrimSpace(d.Outcome), strings.TrimSpace(d.OutcomeReason)
	d.RemedyAsked, d.RemedyGiven = strings.TrimSpace(d.RemedyAsked), strings.TrimSpace(d.RemedyGiven)
	d.Lesson = strings.TrimSpace(d.Lesson)
	switch {
	case d.Outcome != "" && !v.HasOutcome(d.Outcome):
		errs.Add("outcome", "err.unknown_key", d.Outcome)
	case d.Outcome != "" && v.OutcomeNeedsReason(d.Outcome) && d.OutcomeReason == "":
		errs.Add("outcome_reason", "err.outcome_reason")
	}
	for _, f := range []struct {
		field, value string
		max          int
	}{
		{"outcome_reason", d.OutcomeReason, MaxNote},
		{"remedy_asked", d.RemedyAsked, MaxNote},
		{"remedy_given", d.RemedyGiven, MaxNote},
		{"lesson", d.Lesson, MaxDescription},
	} {
		if utf8.RuneCountInString(f.value) > f.max {
			errs.Add(f.field, "err.too_long", f.max)
		}
	}
	if d.AmountCents < 0 || d.AmountCents > MaxAmountCents {
		errs.Add("amount", "err.amount")
	}
	labels := make([]string, 0, len(d.Labels))
	for _, l := range d.Labels {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if !v.HasLabel(l) {
			errs.Add("labels", "err.unknown_key", l)
			continue
		}
		labels = append(labels, l)
	}
	slices.Sort(labels)
	d.Labels = slices.Compact(labels)
	return d, errs.Err()
}

// Record returns the event that records next in place of cur, or false
// when nothing changed.
func (d Decision) Record(cur Decision, actor int64, now time.Time) (Decision, Event, bool) {
	d.UpdatedAt, d.UpdatedBy = now.UTC(), actor
	if d.Outcome == cur.Outcome && d.OutcomeReason == cur.OutcomeReason && d.RemedyAsked == cur.RemedyAsked &&
		d.RemedyGiven == cur.RemedyGiven && d.AmountCents == cur.AmountCents && slices.Equal(d.Labels, cur.Labels) &&
		d.Lesson == cur.Lesson {
		return cur, Event{}, false
	}
	data := map[string]any{"outcome": d.Outcome, "labels": d.Labels, "amount_cents": d.AmountCents}
	if d.Outcome != cur.Outcome && d.OutcomeReason != "" {
		data["outcome_reason"] = d.OutcomeReason
	}
	if d.Lesson != cur.Lesson && d.Lesson != "" {
		data["lesson"] = d.Lesson
	}
	return d, Event{At: now.UTC(), ActorID: actor, Kind: EventDecision, Data: data}, true
}

// ParseAmount reads an amount of money as people type it, in euros:
// "25", "25,50", "€ 1.250,00", "1,250.00". A separator followed by one or
// two digits at the end is the decimal one; others group thousands.
func ParseAmount(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	s = strings.TrimSpace(strings.TrimPrefix(s, "EUR"))
	if s == "" {
		return 0, true
	}
	whole, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i-1 <= 2 && len(s)-i-1 >= 1 {
		whole, frac = s[:i], s[i+1:]
	}
	whole = strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "").Replace(whole)
	if whole == "" {
		whole = "0"
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	if len(whole) > 12 {
		return 0, false
	}
	euros, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	cents := int64(0)
	if frac != "" {
		cents, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			cents *= 10
		}
	}
	return euros*100 + cents, true
}

// FormatAmount writes cents as euros the Dutch way: "1.250,00".
func FormatAmount(cents int64) string {
	euros, c := cents/100, cents%100
	s := strconv.FormatInt(euros, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s + "," + strconv.FormatInt(100+c, 10)[1:]
}
