// Package report is where the organisation sees how it is doing (P7):
// the quarterly evaluation, with each figure beside the previous four
// quarters.
package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/store"
)

// Quarter names a calendar quarter.
type Quarter struct {
	Year, Q int
}

// ParseQuarter checks a year and quarter given by a user.
func ParseQuarter(year, quarter string) (Quarter, error) {
	var errs fault.Validation
	y, err := strconv.Atoi(year)
	if err != nil || y < 2000 || y > 2100 {
		errs.Add("year", "err.year")
	}
	q, err := strconv.Atoi(quarter)
	if err != nil || q < 1 || q > 4 {
		errs.Add("quarter", "err.quarter")
	}
	return Quarter{y, q}, errs.Err()
}

// Of is the quarter a moment falls in, in loc.
func Of(t time.Time, loc *time.Location) Quarter {
	l := t.In(loc)
	return Quarter{l.Year(), (int(l.Month())-1)/3 + 1}
}

// Prev is the quarter before.
func (q Quarter) Prev() Quarter {
	if q.Q == 1 {
		return Quarter{q.Year - 1, 4}
	}
	return Quarter{q.Year, q.Q - 1}
}

// Bounds are the quarter's first moment and the next quarter's, in loc.
func (q Quarter) Bounds(loc *time.Location) (time.Time, time.Time) {
	from := time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, loc)
	return from.UTC(), from.AddDate(0, 3, 0).UTC()
}

func (q Quarter) String() string { return fmt.Sprintf("%d-Q%d", q.Year, q.Q) }

// Column is one quarter's figures with the rates derived from them.
type Column struct {
	Quarter string `json:"quarter"`
	store.QuarterFigures
	WithinTermPct    float64 `json:"handled_within_term_pct"`
	MedianDays       float64 `json:"median_handling_days"`
	P90Days          float64 `json:"p90_handling_days"`
	PausedDays       float64 `json:"paused_days_mean"` // per paused complaint
	CompletePct      float64 `json:"complete_pct"`
	SatisfiedPct     float64 `json:"satisfied_pct"`
	AppealsInTermPct float64 `json:"appeals_in_term_pct"`
	SaveRatePct      float64 `json:"save_rate_pct"`
}

// Evaluation is a quarter's evaluation: Columns[0] is the quarter, then
// the four before it, newest first.
type Evaluation struct {
	Quarter string   `json:"quarter"`
	Columns []Column `json:"columns"`
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(int(float64(n)*1000/float64(of)+0.5)) / 10
}

// percentile of sorted hours, in days with one decimal, by linear
// interpolation between the closest ranks (as Excel's PERCENTILE.INC and
// numpy's default): h = (n-1)·p, then x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1]-x[⌊h⌋]).
// The median of two is their mean.
func percentile(hours []float64, p float64) float64 {
	if len(hours) == 0 {
		return 0
	}
	h := p * float64(len(hours)-1)
	lo := int(math.Floor(h))
	v := hours[lo]
	if lo+1 < len(hours) {
		v += (h - float64(lo)) * (hours[lo+1] - hours[lo])
	}
	return math.Round(v/24*10) / 10
}

// Ended reports whether q is over at now: only then may it be signed, as
// its figures can still change until it ends.
func (q Quarter) Ended(now time.Time, loc *time.Location) bool {
	_, end := q.Bounds(loc)
	return !now.Before(end)
}

// Quarterly computes the evaluation of q and the four quarters before, as
// at now: a quarter still running counts what is over its term by now,
// not by its end. The zero now counts each quarter at its end.
func Quarterly(ctx context.Context, s *store.Store, q Quarter, loc *time.Location, now time.Time) (Evaluation, error) {
	ev := Evaluation{Quarter: q.String(), Columns: make([]Column, 5)}
	errs := make([]error, 5)
	var wg sync.WaitGroup
	for i, cur := 0, q; i < 5; i, cur = i+1, cur.Prev() {
		wg.Go(func() {
			from, to := cur.Bounds(loc)
			// A quarter that is over keeps its figures until a row of it (or
			// before it) changes (store.Remember).
			f, err := store.Remember(ctx, s, "figures "+cur.String(), from, to, now, func() (store.QuarterFigures, error) {
				return s.FiguresAt(ctx, from, to, now)
			})
			if err == nil {
				// What was open at the quarter's end counts complaints of
				// the quarters before too: kept apart, on their changes.
				type open struct{ Open, Overdue int }
				var o open
				asOf := now
				if asOf.IsZero() || asOf.After(to) {
					asOf = to
				}
				o, err = store.Remember(ctx, s, "open at "+cur.String(), time.Time{}, to, now, func() (open, error) {
					n, late, err := s.OpenAt(ctx, to, asOf)
					return open{n, late}, err
				})
				f.OpenAtEnd, f.OverdueAtEnd = o.Open, o.Overdue
			}
			if err != nil {
				errs[i] = err
				return
			}
			ev.Columns[i] = column(cur, f)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return ev, fmt.Errorf("quarterly evaluation %s: %w", q, err)
	}
	return ev, nil
}

// LoadEvaluation returns a quarter's evaluation as it stands: the frozen
// snapshot once any reviewer signed (P7.1), with the signatures, else
// the figures of now.
func LoadEvaluation(
	ctx context.Context,
	s *store.Store,
	q Quarter,
	loc *time.Location,
	now time.Time,
) (Evaluation, bool, []store.Signature, error) {
	snap, sigs, err := s.Evaluation(ctx, q.String())
	if err != nil {
		return Evaluation{}, false, nil, err
	}
	if snap != nil {
		var ev Evaluation
		if err := json.Unmarshal(snap, &ev); err != nil {
			return ev, false, nil, fmt.Errorf("snapshot %s: %w", q, err)
		}
		return ev, true, sigs, nil
	}
	ev, err := Quarterly(ctx, s, q, loc, now)
	return ev, false, nil, err
}

// column derives a quarter's rates from its figures.
func column(q Quarter, f store.QuarterFigures) Column {
	sort.Float64s(f.HandlingHours)
	satisfied := 0
	for _, c := range f.Satisfied {
		if c.Key == "yes" {
			satisfied = c.N
		}
	}
	col := Column{Quarter: q.String(), QuarterFigures: f,
		WithinTermPct: pct(
			f.WithinTerm,
			f.Handled,
		), MedianDays: percentile(f.HandlingHours, 0.5), P90Days: percentile(f.HandlingHours, 0.9),
		CompletePct: pct(f.Received-f.Incomplete, f.Received), SatisfiedPct: pct(satisfied, f.Handled),
		AppealsInTermPct: pct(f.AppealsInTerm, f.AppealsDecided), SaveRatePct: pct(f.OffersAccepted, f.OffersMade)}
	if f.Paused > 0 {
		col.PausedDays = float64(int(f.PausedHours/float64(f.Paused)/24*10+0.5)) / 10
	}
	col.HandlingHours = nil
	return col
}

// Row is one line of the evaluation: a figure in each quarter.
type Row struct {
	Key    string
	Values []string
}

// Rows flattens the evaluation into lines of figures, for tables and CSV.
func (ev Evaluation) Rows() []Row {
	num := func(f func(Column) float64) []string {
		out := make([]string, len(ev.Columns))
		for i, c := range ev.Columns {
			out[i] = strconv.FormatFloat(f(c), 'f', -1, 64)
		}
		return out
	}
	rows := []Row{
		{"received", num(func(c Column) float64 { return float64(c.Received) })},
		{"handled", num(func(c Column) float64 { return float64(c.Handled) })},
		{"handled_within_term_pct", num(func(c Column) float64 { return c.WithinTermPct })},
		{"median_handling_days", num(func(c Column) float64 { return c.MedianDays })},
		{"p90_handling_days", num(func(c Column) float64 { return c.P90Days })},
		{"delay_notices", num(func(c Column) float64 { return float64(c.DelayNotices) })},
		{"paused", num(func(c Column) float64 { return float64(c.Paused) })},
		{"paused_days_mean", num(func(c Column) float64 { return c.PausedDays })},
		{"ratings", num(func(c Column) float64 { return float64(c.Ratings) })},
		{"rating_mean", num(func(c Column) float64 { return float64(int(c.RatingMean*10+0.5)) / 10 })},
		{"open_at_end", num(func(c Column) float64 { return float64(c.OpenAtEnd) })},
		{"overdue_at_end", num(func(c Column) float64 { return float64(c.OverdueAtEnd) })},
		{"satisfied_pct", num(func(c Column) float64 { return c.SatisfiedPct })},
		{"complete_pct", num(func(c Column) float64 { return c.CompletePct })},
		{"appeals_filed", num(func(c Column) float64 { return float64(c.AppealsFiled) })},
		{"appeals_decided", num(func(c Column) float64 { return float64(c.AppealsDecided) })},
		{"appeals_in_term_pct", num(func(c Column) float64 { return c.AppealsInTermPct })},
		{"cancellations", num(func(c Column) float64 { return float64(c.Cancellations) })},
		{"cancellations_with_complaint", num(func(c Column) float64 { return float64(c.CancelWithBehind) })},
		{"save_rate_pct", num(func(c Column) float64 { return c.SaveRatePct })},
	}
	breakdown := func(prefix string, get func(Column) []store.Count) {
		keys := map[string]bool{}
		var order []string
		for _, c := range ev.Columns {
			for _, x := range get(c) {
				if !keys[x.Key] {
					keys[x.Key] = true
					order = append(order, x.Key)
				}
			}
		}
		for _, k := range order {
			vals := make([]string, len(ev.Columns))
			for i, c := range ev.Columns {
				vals[i] = "0"
				for _, x := range get(c) {
					if x.Key == k {
						vals[i] = strconv.Itoa(x.N)
					}
				}
			}
			rows = append(rows, Row{prefix + "." + k, vals})
		}
	}
	breakdown("category", func(c Column) []store.Count { return c.ByCategory })
	breakdown("channel", func(c Column) []store.Count { return c.ByChannel })
	breakdown("department", func(c Column) []store.Count { return c.ByDepartment })
	breakdown("concerns", func(c Column) []store.Count { return c.ByConcerns })
	breakdown("told_via", func(c Column) []store.Count { return c.ToldVia })
	breakdown("appeal_outcome", func(c Column) []store.Count { return c.AppealOutcomes })
	breakdown("cancellation_reason", func(c Column) []store.Count { return c.CancelReasons })
	// What came of them, where the profile records it: rows only when
	// something was recorded, so a profile without decisions reads as before.
	breakdown("outcome", func(c Column) []store.Count { return c.ByOutcome })
	breakdown("label", func(c Column) []store.Count { return c.ByLabel })
	for _, x := range []struct {
		key string
		get func(Column) float64
	}{
		{"remedies_given", func(c Column) float64 { return float64(c.RemediesGiven) }},
		{"remedy_amount", func(c Column) float64 { return float64(c.RemedyCents) / 100 }},
		{"lessons", func(c Column) float64 { return float64(c.Lessons) }},
		{"complaints_with_parts", func(c Column) float64 { return float64(c.WithParts) }},
		{"parts", func(c Column) float64 { return float64(c.Parts) }},
	} {
		if slices.ContainsFunc(ev.Columns, func(c Column) bool { return x.get(c) != 0 }) {
			rows = append(rows, Row{x.key, num(x.get)})
		}
	}
	// Per agency: complaints, then the rate per 1,000 contacts.
	agencies := map[string]bool{}
	var order []string
	for _, c := range ev.Columns {
		for _, a := range c.ByAgency {
			if !agencies[a.Key] {
				agencies[a.Key] = true
				order = append(order, a.Key)
			}
		}
	}
	for _, k := range order {
		n, rate := make([]string, len(ev.Columns)), make([]string, len(ev.Columns))
		for i, c := range ev.Columns {
			n[i], rate[i] = "0", ""
			for _, a := range c.ByAgency {
				if a.Key == k {
					n[i] = strconv.Itoa(a.N)
					if a.Contacts > 0 {
						rate[i] = strconv.FormatFloat(a.Rate, 'f', -1, 64)
					}
				}
			}
		}
		rows = append(rows, Row{"agency." + k, n}, Row{"agency_rate." + k, rate})
	}
	return rows
}

// WriteCSV writes the evaluation as CSV: a figure per line, a quarter per
// column; the first column is the figure's key (for machines), the second
// its name in lang (for people), with the header in lang too.
func (ev Evaluation) WriteCSV(w io.Writer, lang i18n.Lang, label func(string) string) error {
	cw := sheet.NewWriter(w)
	head := []string{"figure", i18n.T(lang, "eval.figure")}
	for _, c := range ev.Columns {
		head = append(head, c.Quarter)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range ev.Rows() {
		if err := cw.Write(append([]string{r.Key, label(r.Key)}, r.Values...)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
