package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Count is a labelled number in a breakdown.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// QuarterFigures are the facts of one period for the evaluation (P7.1):
// complaints received in [From, To) and the state of things at To.
type QuarterFigures struct {
	From, To time.Time

	Received      int     `json:"received"`
	ByCategory    []Count `json:"by_category"`
	ByChannel     []Count `json:"by_channel"`
	ByDepartment  []Count `json:"by_department"`
	ByConcerns    []Count `json:"by_concerns"`
	Handled       int     `json:"handled"`
	WithinTerm    int     `json:"handled_within_term"`
	HandlingHours []float64
	DelayNotices  int            `json:"delay_notices"`
	Paused        int            `json:"paused"`       // complaints whose term stood still while waiting for the complainant
	PausedHours   float64        `json:"paused_hours"` // how long, added up; handling times leave it out
	ByAgency      []AgencyFigure `json:"by_agency"`    // complaints per 1,000 contacts by fundraising agency
	Ratings       int            `json:"ratings"`      // complainants' ratings given in the period
	RatingMean    float64        `json:"rating_mean"`  // their mean score, 1–5
	OpenAtEnd     int            `json:"open_at_end"`
	OverdueAtEnd  int            `json:"overdue_at_end"`
	ToldVia       []Count        `json:"told_via"`
	Satisfied     []Count        `json:"satisfied"`
	Incomplete    int            `json:"incomplete"`

	AppealsFiled     int     `json:"appeals_filed"`
	AppealsDecided   int     `json:"appeals_decided"`
	AppealsInTerm    int     `json:"appeals_decided_in_term"`
	AppealOutcomes   []Count `json:"appeal_outcomes"`
	Cancellations    int     `json:"cancellations"`
	CancelReasons    []Count `json:"cancellation_reasons"`
	CancelWithBehind int     `json:"cancellations_with_complaint"`
	OffersMade       int     `json:"offers_made"`
	OffersAccepted   int     `json:"offers_accepted"`

	// What came of the complaints received (complaint.Decision), where the
	// profile records it.
	ByOutcome     []Count `json:"by_outcome,omitempty"`
	ByLabel       []Count `json:"by_label,omitempty"`
	RemediesGiven int     `json:"remedies_given,omitempty"`
	RemedyCents   int64   `json:"remedy_cents,omitempty"`
	Lessons       int     `json:"lessons,omitempty"`
	// Split complaints: each counts once above, with its parts here.
	WithParts int `json:"complaints_with_parts,omitempty"`
	Parts     int `json:"parts,omitempty"`
}

// AgencyFigure is a fundraising agency's complaints in a period, with its
// contacts (the agency's contact volumes of periods starting in it) and
// the rate per 1,000 where they are known.
type AgencyFigure struct {
	Key      string  `json:"key"`
	N        int     `json:"n"`
	Contacts int64   `json:"contacts"`
	Rate     float64 `json:"rate_per_1000"`
}

// agencyFigures counts the period's complaints and contacts per agency.
func (s *Store) agencyFigures(ctx context.Context, from, to time.Time) ([]AgencyFigure, error) {
	counts, err := s.counts(
		ctx,
		`SELECT c.agency, COUNT(*) FROM complaints c WHERE c.agency IS NOT NULL AND c.received_at >= ? AND c.received_at < ?
		AND c.merged_into IS NULL GROUP BY c.agency ORDER BY 2 DESC, 1`,
		from,
		to,
	)
	if err != nil {
		return nil, err
	}
	contacts, err := collect(ctx, s.analytics(), func(r interface{ Scan(...any) error }) (AgencyFigure, error) {
		var a AgencyFigure
		return a, r.Scan(&a.Key, &a.Contacts)
	}, `SELECT agency, SUM(volume) FROM contact_volumes WHERE agency <> '' AND period_from >= ? AND period_from < ? GROUP BY agency ORDER BY agency`, from, to)
	if err != nil {
		return nil, err
	}
	byKey := map[string]int64{}
	for _, c := range contacts {
		byKey[c.Key] = c.Contacts
	}
	var out []AgencyFigure
	seen := map[string]bool{}
	for _, c := range counts {
		a := AgencyFigure{Key: c.Key, N: c.N, Contacts: byKey[c.Key]}
		if a.Contacts > 0 {
			a.Rate = math.Round(float64(a.N)*1000/float64(a.Contacts)*100) / 100
		}
		out, seen[c.Key] = append(out, a), true
	}
	for _, c := range contacts { // contacts without complaints: a rate of 0
		if !seen[c.Key] {
			out = append(out, AgencyFigure{Key: c.Key, Contacts: c.Contacts})
		}
	}
	return out, nil
}

func (s *Store) counts(ctx context.Context, query string, args ...any) ([]Count, error) {
	return collect(ctx, s.analytics(), func(r interface{ Scan(...any) error }) (Count, error) {
		var c Count
		return c, r.Scan(&c.Key, &c.N)
	}, query, args...)
}

// Figures computes the evaluation's facts for [from, to). The complaints
// received in the period are read once, grouped by every breakdown at
// the same time, and folded here: one pass instead of one per figure is
// what keeps the evaluation quick over millions of complaints.
func (s *Store) Figures(ctx context.Context, from, to time.Time) (QuarterFigures, error) {
	return s.FiguresAt(ctx, from, to, to)
}

// FiguresAt is Figures for a period that may not have ended: what is
// "at the end" (open, over the term) is counted at asOf, the end or, for
// a period still running, now; it never projects into the future.
func (s *Store) FiguresAt(ctx context.Context, from, to, asOf time.Time) (QuarterFigures, error) {
	if asOf.After(to) || asOf.IsZero() {
		asOf = to
	}
	f := QuarterFigures{From: from, To: to}
	c := s.analytics()
	steps := []func() error{
		func() error { return s.receivedFigures(ctx, &f) },
		func() error { return s.decisionFigures(ctx, &f) },
		func() (err error) {
			f.HandlingHours, err = collect(ctx, c, func(r interface{ Scan(...any) error }) (float64, error) {
				var h float64
				return h, r.Scan(&h)
			}, `SELECT `+c.hoursBetween("c.received_at", "c.handled_at")+` - c.paused_seconds / 3600.0 FROM complaints c
				WHERE c.received_at >= ? AND c.received_at < ? AND c.handled_at IS NOT NULL AND c.merged_into IS NULL`, from, to)
			return
		},
		func() (err error) {
			f.Ratings, f.RatingMean, err = s.Ratings(ctx, from, to)
			return
		},
		func() (err error) {
			f.ByAgency, err = s.agencyFigures(ctx, from, to)
			return
		},
		func() error {
			return c.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(c.paused_seconds), 0) / 3600.0 FROM complaints c
				WHERE c.received_at >= ? AND c.received_at < ? AND c.paused_seconds > 0`, from, to).Scan(&f.Paused, &f.PausedHours)
		},
		func() (err error) {
			f.OpenAtEnd, f.OverdueAtEnd, err = s.OpenAt(ctx, to, asOf)
			return err
		},
		func() error {
			return c.queryRow(ctx, `SELECT COUNT(*),
				COALESCE(SUM(CASE WHEN decided_at IS NOT NULL AND decided_at < ? THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN decided_at IS NOT NULL AND decided_at < ? AND decided_at <= due_at THEN 1 ELSE 0 END), 0)
				FROM appeals WHERE filed_at >= ? AND filed_at < ?`, to, to, from, to).Scan(&f.AppealsFiled, &f.AppealsDecided, &f.AppealsInTerm)
		},
		func() (err error) {
			f.AppealOutcomes, err = s.counts(
				ctx,
				`SELECT decision, COUNT(*) FROM appeals WHERE decided_at >= ? AND decided_at < ? GROUP BY decision ORDER BY 1`,
				from,
				to,
			)
			return
		},
		func() error {
			return c.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN complaint_id IS NOT NULL THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN offer <> '' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN offer_accepted = 'yes' THEN 1 ELSE 0 END), 0)
				FROM cancellations WHERE cancelled_on >= ? AND cancelled_on < ?`, from, to).Scan(&f.Cancellations, &f.CancelWithBehind, &f.OffersMade, &f.OffersAccepted)
		},
		func() (err error) {
			f.CancelReasons, err = s.counts(
				ctx,
				`SELECT CASE WHEN recorded_reason <> '' THEN recorded_reason ELSE reason END, COUNT(*)
				FROM cancellations WHERE cancelled_on >= ? AND cancelled_on < ? GROUP BY 1 ORDER BY 2 DESC, 1`,
				from,
				to,
			)
			return
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return f, fmt.Errorf("figures %s–%s: %w", from.Format("2006-01-02"), to.Format("2006-01-02"), err)
		}
	}
	return f, nil
}

// OpenAt counts the complaints open at the end of a period (received
// before to and not handled before it) and those of them over their term
// by asOf. Unlike the period's other figures it counts complaints of every
// period before.
func (s *Store) OpenAt(ctx context.Context, to, asOf time.Time) (open, overdue int, err error) {
	// The two halves each follow the index on handled_at.
	err = s.analytics().queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN x.due_at < ? THEN 1 ELSE 0 END), 0) FROM (
		SELECT c.due_at FROM complaints c WHERE c.handled_at IS NULL AND c.received_at < ? AND c.merged_into IS NULL
		UNION ALL
		SELECT c.due_at FROM complaints c WHERE c.handled_at >= ? AND c.received_at < ?) x`, asOf, to, to, to).Scan(&open, &overdue)
	if err != nil {
		return 0, 0, fmt.Errorf("open at %s: %w", to.Format(time.DateOnly), err)
	}
	return open, overdue, nil
}

// hoursBetween is SQL for the hours from one stored time to another.
func (c conn) hoursBetween(from, to string) string { return c.dialect.hoursBetween(from, to) }

// AnnualFigures are what the yearly summary (R1–R4) tells of the
// complaints received in [from, to): how many, how many handled, by
// category, how they were satisfied, and how many were handled to
// satisfaction per category. One pass grouped by category and
// satisfaction, where the evaluation's figures need six breakdowns.
func (s *Store) AnnualFigures(ctx context.Context, from, to time.Time) (QuarterFigures, map[string]int, error) {
	// A year that is over keeps its figures until a row of it changes.
	type figures struct {
		F         QuarterFigures
		Satisfied map[string]int
	}
	out, err := Remember(ctx, s, "annual "+from.Format(time.RFC3339)+" "+to.Format(time.RFC3339), from, to, time.Now(),
		func() (figures, error) {
			f, sat, err := s.annualFigures(ctx, from, to)
			return figures{f, sat}, err
		})
	return out.F, out.Satisfied, err
}

func (s *Store) annualFigures(ctx context.Context, from, to time.Time) (QuarterFigures, map[string]int, error) {
	type group struct {
		category, satisfied string
		n, handled          int
	}
	f := QuarterFigures{From: from, To: to}
	groups, err := collect(ctx, s.analytics(), func(r interface{ Scan(...any) error }) (group, error) {
		var g group
		return g, r.Scan(&g.category, &g.satisfied, &g.n, &g.handled)
	}, `SELECT c.category, c.satisfied, COUNT(*), SUM(CASE WHEN c.handled_at IS NOT NULL THEN 1 ELSE 0 END)
		FROM complaints c WHERE c.received_at >= ? AND c.received_at < ? AND c.merged_into IS NULL
		GROUP BY c.category, c.satisfied`, from, to)
	if err != nil {
		return f, nil, fmt.Errorf("annual figures %s–%s: %w", from.Format("2006-01-02"), to.Format("2006-01-02"), err)
	}
	byCategory, satisfied, satisfiedBy := tally{}, tally{}, map[string]int{}
	for _, g := range groups {
		f.Received += g.n
		f.Handled += g.handled
		byCategory.add(g.category, g.n)
		if g.handled > 0 {
			satisfied.add(g.satisfied, g.handled)
		}
		if g.satisfied == "yes" {
			satisfiedBy[g.category] += g.n
		}
	}
	f.ByCategory, f.Satisfied = byCategory.largest(), satisfied.byKey()
	if err := s.decisionFigures(ctx, &f); err != nil {
		return f, nil, fmt.Errorf("annual figures: %w", err)
	}
	return f, satisfiedBy, nil
}

// receivedFigures fills the figures of the complaints received in the
// period from one grouped pass.
func (s *Store) receivedFigures(ctx context.Context, f *QuarterFigures) error {
	type group struct {
		category, channel, department, concerns, toldVia, satisfied string
		n, handled, within, delayed, incomplete                     int
	}
	groups, err := collect(ctx, s.analytics(), func(r interface{ Scan(...any) error }) (group, error) {
		var g group
		return g, r.Scan(
			&g.category,
			&g.channel,
			&g.department,
			&g.concerns,
			&g.toldVia,
			&g.satisfied,
			&g.n,
			&g.handled,
			&g.within,
			&g.delayed,
			&g.incomplete,
		)
	}, `SELECT c.category, c.channel, c.department, c.concerns, c.told_via, c.satisfied, COUNT(*),
		SUM(CASE WHEN c.handled_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN `+sqlHandledInTerm+` THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.delay_notice_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN `+sqlIncomplete+` THEN 1 ELSE 0 END)
		FROM complaints c WHERE c.received_at >= ? AND c.received_at < ? AND c.merged_into IS NULL
		GROUP BY c.category, c.channel, c.department, c.concerns, c.told_via, c.satisfied`, f.From, f.To)
	if err != nil {
		return err
	}
	byCategory, byChannel, byDepartment, byConcerns := tally{}, tally{}, tally{}, tally{}
	toldVia, satisfied := tally{}, tally{}
	for _, g := range groups {
		f.Received += g.n
		f.Handled += g.handled
		f.WithinTerm += g.within
		f.DelayNotices += g.delayed
		f.Incomplete += g.incomplete
		byCategory.add(g.category, g.n)
		byChannel.add(g.channel, g.n)
		byDepartment.add(g.department, g.n)
		byConcerns.add(g.concerns, g.n)
		if g.toldVia != "" {
			toldVia.add(g.toldVia, g.n)
		}
		if g.handled > 0 {
			satisfied.add(g.satisfied, g.handled)
		}
	}
	f.ByCategory, f.ByChannel, f.ByDepartment, f.ByConcerns = byCategory.largest(), byChannel.largest(), byDepartment.largest(), byConcerns.largest()
	f.ToldVia, f.Satisfied = toldVia.largest(), satisfied.byKey()
	return nil
}

// tally adds up counts by key.
type tally map[string]int

func (t tally) add(key string, n int) { t[key] += n }

// largest lists the counts, the largest first, equal ones by key.
func (t tally) largest() []Count {
	out := t.byKey()
	slices.SortStableFunc(out, func(a, b Count) int { return b.N - a.N })
	return out
}

// byKey lists the counts in the order of their keys.
func (t tally) byKey() []Count {
	out := make([]Count, 0, len(t))
	for k, n := range t {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(a, b Count) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Texts returns reference and description of complaints received in
// [from, to), newest first, at most limit.
func (s *Store) Texts(ctx context.Context, from, to time.Time, limit int) ([][2]string, error) {
	out, err := collect(ctx, s.analytics(), func(r interface{ Scan(...any) error }) ([2]string, error) {
		var t [2]string
		return t, r.Scan(&t[0], &t[1])
	}, `SELECT reference, description FROM complaints WHERE received_at >= ? AND received_at < ? ORDER BY received_at DESC, id DESC LIMIT ?`, from, to, limit)
	if err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	return out, nil
}
