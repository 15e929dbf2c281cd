package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// The yearly public summary (R1–R4), written from the data in the manner
// of the organisation's 2019 summary.

// CategoryFigure is one category's count in the year, with its rate per
// 1,000 contacts where a volume is known (R3).
type CategoryFigure struct {
	Key       string  `json:"key"`
	Label     string  `json:"label"`
	N         int     `json:"n"`
	Satisfied int     `json:"satisfied"`
	Contacts  int64   `json:"contacts,omitempty"`
	Rate      float64 `json:"rate_per_1000,omitempty"`
	New       bool    `json:"new"`             // none the year before (R4)
	Other     bool    `json:"other,omitempty"` // the profile's category for what has no kind of its own
	// Bound, when set, is how the count is published: "fewer than Bound".
	// A small count gets it, and so does one more category when a single
	// small one could otherwise be worked out from the total (below).
	Bound int `json:"bound,omitempty"`
}

// Annual is the yearly summary.
type Annual struct {
	Year       int              `json:"year"`
	Lang       string           `json:"lang"`
	Total      int              `json:"total"`
	Handled    int              `json:"handled"`
	Satisfied  int              `json:"satisfied"`
	Ratings    int              `json:"ratings"`     // complainants' ratings given in the year
	RatingMean float64          `json:"rating_mean"` // their mean, 1–5
	Categories []CategoryFigure `json:"categories"`
	// What came of them, where the profile records it.
	Outcomes      []CategoryFigure `json:"outcomes,omitempty"`
	Labels        []CategoryFigure `json:"labels,omitempty"`
	RemediesGiven int              `json:"remedies_given,omitempty"`
	RemedyCents   int64            `json:"remedy_cents,omitempty"`
	Paragraphs    []string         `json:"paragraphs"`
	// SmallBelow: counts under it are written "fewer than SmallBelow"
	// (the profile's SmallCounts): a handful of complaints can point to the
	// people behind them.
	SmallBelow int `json:"small_below,omitempty"`
	// Edited: the text is the editor's, not the one written from the data.
	Edited      bool       `json:"edited"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

// BuildAnnual gathers the year's figures and writes the summary in lang.
func BuildAnnual(ctx context.Context, s *store.Store, p procedure.Profile, year int, lang i18n.Lang) (Annual, error) {
	loc := p.Location()
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, loc).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc).UTC()
	a := Annual{Year: year, Lang: string(lang), SmallBelow: p.SmallCounts}
	// The summary tells what came in and how it ended: one small grouped
	// pass over the complaints received each year, not the evaluation's
	// every figure.
	// The year and the year before it, side by side.
	var f, before store.QuarterFigures
	var sat map[string]int
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() { f, sat, errs[0] = s.AnnualFigures(ctx, from, to) })
	wg.Go(func() {
		before, _, errs[1] = s.AnnualFigures(ctx, time.Date(year-1, 1, 1, 0, 0, 0, 0, loc).UTC(), from)
	})
	wg.Wait()
	err := errors.Join(errs[:]...)
	if err != nil {
		return a, err
	}
	if a.Ratings, a.RatingMean, err = s.Ratings(ctx, from, to); err != nil {
		return a, err
	}
	vols, err := s.Volumes(ctx, from, to)
	if err != nil {
		return a, err
	}
	contacts := map[string]int64{}
	for _, v := range vols {
		if v.Agency == "" { // an agency's contacts are part of the totals
			contacts[v.Kind] += v.Volume
		}
	}
	a.Total, a.Handled = f.Received, f.Handled
	for _, c := range f.Satisfied {
		if c.Key == "yes" {
			a.Satisfied = c.N
		}
	}
	prev := map[string]int{}
	for _, c := range before.ByCategory {
		prev[c.Key] = c.N
	}
	for _, c := range f.ByCategory {
		cf := CategoryFigure{Key: c.Key, Label: p.CategoryLabel(c.Key, lang), N: c.N, Satisfied: sat[c.Key],
			New: prev[c.Key] == 0 && before.Received > 0, Other: p.IsUnclassified(c.Key)}
		// A category's rate is taken against the contacts of its kind.
		if kind := p.ContactKind(c.Key); kind != "" && contacts[kind] > 0 {
			cf.Contacts = contacts[kind]
			cf.Rate = math.Round(float64(c.N)*1000/float64(contacts[kind])*100) / 100
		}
		a.Categories = append(a.Categories, cf)
	}
	for _, c := range f.ByOutcome {
		a.Outcomes = append(a.Outcomes, CategoryFigure{Key: c.Key, Label: p.OutcomeLabel(c.Key, lang), N: c.N})
	}
	for _, c := range f.ByLabel {
		a.Labels = append(a.Labels, CategoryFigure{Key: c.Key, Label: p.LabelLabel(c.Key, lang), N: c.N})
	}
	a.RemediesGiven, a.RemedyCents = f.RemediesGiven, f.RemedyCents
	a.suppress()
	a.Paragraphs = a.write(lang, p.Organisation)
	return a, nil
}

// suppress sets the categories' bounds. Small counts are written "fewer
// than" the profile's threshold. With the total published exactly, a
// single small count equals the total minus the others, so one more
// category is written as a range too (secondary suppression, as
// statistics offices do): the smallest other one, with a bound that
// leaves every small value possible. Two or more small counts only give
// their sum away, which no single one of them reveals.
func (a *Annual) suppress() {
	small, second := 0, -1
	for i, c := range a.Categories {
		if a.Small(c.N) {
			a.Categories[i].Bound = a.SmallBelow
			small++
		} else if c.N > 0 && (second < 0 || c.N < a.Categories[second].N) {
			second = i
		}
	}
	if small != 1 || second < 0 {
		return
	}
	// The second cell's bound must hold its count plus any small count:
	// then each small value fits the total with some second value.
	n := a.Categories[second].N + a.SmallBelow
	a.Categories[second].Bound = (n + 9) / 10 * 10
}

// bound is how c's count is published (0: exactly). A summary published
// before bounds were stored still hides its small counts.
func (a Annual) bound(c CategoryFigure) int {
	switch {
	case c.Bound > 0:
		return c.Bound
	case a.Small(c.N):
		return a.SmallBelow
	}
	return 0
}

// satisfiedOf writes how many of a category's complaints were handled to
// satisfaction: within the category's bound when its count is hidden, so
// it cannot give the count away.
func (a Annual) satisfiedOf(c CategoryFigure) string {
	if b := a.bound(c); b > 0 && c.Satisfied > 0 {
		return i18n.T(i18n.Lang(a.Lang), "annual.fewer_than", b)
	}
	return a.Count(c.Satisfied)
}

// CountOf writes a category's count for the public.
func (a Annual) CountOf(c CategoryFigure) string {
	if b := a.bound(c); b > 0 {
		return i18n.T(i18n.Lang(a.Lang), "annual.fewer_than", b)
	}
	return num(int64(c.N), i18n.Lang(a.Lang))
}

// num writes a whole number with the language's thousands separator.
func num(n int64, lang i18n.Lang) string {
	s := strconv.FormatInt(n, 10)
	sep := ","
	if lang == i18n.NL {
		sep = "."
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dec writes a rate with two decimals in the language's manner.
func dec(f float64, lang i18n.Lang) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	if lang == i18n.NL {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Small reports whether a count is written as "fewer than" in public.
func (a Annual) Small(n int) bool { return n > 0 && n < a.SmallBelow }

// Count writes a count for the public: "minder dan 5" / "fewer than 5"
// below the threshold, else the number.
func (a Annual) Count(n int) string {
	lang := i18n.Lang(a.Lang)
	if a.Small(n) {
		return i18n.T(lang, "annual.fewer_than", a.SmallBelow)
	}
	return num(int64(n), lang)
}

func (a Annual) write(lang i18n.Lang, org string) []string {
	// A sentence may begin with a count, and "fewer than 5" then needs
	// its capital.
	t := func(key string, args ...any) string { return upperFirst(i18n.T(lang, key, args...)) }
	var out []string
	if a.Total == 0 {
		return []string{t("annual.none", a.Year)}
	}
	first := t("annual.total", a.Year, a.Count(a.Total))
	switch {
	case a.Satisfied == a.Total:
		first += " " + t("annual.all_satisfied")
	case a.Satisfied > 0:
		first += " " + t("annual.some_satisfied", a.Count(a.Satisfied))
	}
	out = append(out, first)
	if a.Ratings > 0 {
		mean := strconv.FormatFloat(a.RatingMean, 'f', 1, 64)
		if lang == i18n.NL {
			mean = strings.Replace(mean, ".", ",", 1)
		}
		out = append(out, t("annual.ratings", a.Count(a.Ratings), mean))
	}
	// Categories are named by their names ("Privacy/AVG"); the rest is
	// "other subjects", not "Other".
	name := func(c CategoryFigure) string {
		if c.Other {
			return i18n.T(lang, "annual.other_subjects")
		}
		return c.Label
	}
	for i, c := range a.Categories {
		var s string
		if i == 0 {
			s = t("annual.largest", name(c), a.CountOf(c))
		} else {
			s = t("annual.category", name(c), a.CountOf(c))
		}
		// A rate would give a hidden count away (rate × contacts).
		if c.Contacts > 0 && a.bound(c) == 0 {
			s += " " + t("annual.rate."+c.Key, num(c.Contacts, lang), dec(c.Rate, lang), roughly(c.Rate, lang))
		}
		out = append(out, s)
	}
	for _, c := range a.Categories {
		if !c.New {
			continue
		}
		s := t("annual.new", name(c), a.CountOf(c))
		if c.Satisfied == c.N {
			s += " " + t("annual.new_resolved_all")
		} else if c.Satisfied > 0 {
			s += " " + t("annual.new_resolved_some", a.satisfiedOf(c))
		}
		out = append(out, s)
	}
	if len(a.Outcomes) > 0 {
		parts := make([]string, len(a.Outcomes))
		for i, o := range a.Outcomes {
			parts[i] = i18n.T(lang, "annual.outcome", a.Count(o.N), strings.ToLower(o.Label))
		}
		out = append(out, t("annual.outcomes", listText(parts, lang)))
	}
	if len(a.Labels) > 0 {
		parts := make([]string, len(a.Labels))
		for i, l := range a.Labels {
			parts[i] = i18n.T(lang, "annual.label", l.Label, a.Count(l.N))
		}
		out = append(out, t("annual.labels", listText(parts, lang)))
	}
	if a.RemediesGiven > 0 {
		s := t("annual.remedies", a.Count(a.RemediesGiven))
		// An amount paid to fewer people than the threshold is theirs.
		if a.RemedyCents > 0 && !a.Small(a.RemediesGiven) {
			euros := strconv.FormatFloat(float64(a.RemedyCents)/100, 'f', 2, 64)
			if lang == i18n.NL {
				euros = strings.Replace(euros, ".", ",", 1)
			}
			s += " " + t("annual.remedy_amount", euros)
		}
		out = append(out, s)
	}
	out = append(out, t("annual.closing", org))
	return out
}

// listText joins parts as a sentence does: "a, b and c".
func listText(parts []string, lang i18n.Lang) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " " + i18n.T(lang, "word.and") + " " + parts[len(parts)-1]
}

// roughly writes a rate per 1,000 as people say it: "about 1 per 1,000",
// or "about 1 per 2,500" for a rate under a half.
func roughly(rate float64, lang i18n.Lang) string {
	if rate <= 0 {
		return ""
	}
	if rate >= 0.5 {
		return i18n.T(lang, "annual.roughly", num(int64(math.Round(rate)), lang), num(1000, lang))
	}
	// One in N, with N rounded to two significant digits.
	n := 1000 / rate
	p := math.Pow(10, math.Floor(math.Log10(n))-1)
	return i18n.T(lang, "annual.roughly", "1", num(int64(math.Round(n/p)*p), lang))
}

// upperFirst gives a sentence its capital.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// Text is the summary as plain text.
func (a Annual) Text() string { return strings.Join(a.Paragraphs, "\n\n") + "\n" }

// LoadAnnual is the summary as it stands: once published, what was
// published; before that, the figures from the data with the editor's
// text where the editor adjusted it.
func LoadAnnual(
	ctx context.Context,
	s *store.Store,
	p procedure.Profile,
	year int,
	lang i18n.Lang,
) (Annual, store.AnnualDraft, error) {
	d, err := s.AnnualDraft(ctx, year, string(lang))
	if err != nil {
		return Annual{}, d, err
	}
	if d.Published() {
		var a Annual
		if err := json.Unmarshal(d.Snapshot, &a); err != nil {
			return a, d, fmt.Errorf("published summary %d %s: %w", year, lang, err)
		}
		at := d.PublishedAt
		a.PublishedAt = &at
		return a, d, nil
	}
	a, err := BuildAnnual(ctx, s, p, year, lang)
	if err != nil {
		return a, d, err
	}
	if d.Body != "" {
		a.Paragraphs, a.Edited = Paragraphs(d.Body), true
	}
	return a, d, nil
}

// Paragraphs splits a text at its blank lines.
func Paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
