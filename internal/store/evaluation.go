package store

import (
	"context"
	"fmt"
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
	DelayNotices  int     `json:"delay_notices"`
	OpenAtEnd     int     `json:"open_at_end"`
	OverdueAtEnd  int     `json:"overdue_at_end"`
	ToldVia       []Count `json:"told_via"`
	Satisfied     []Count `json:"satisfied"`
	Incomplete    int     `json:"incomplete"`

	AppealsFiled     int     `json:"appeals_filed"`
	AppealsDecided   int     `json:"appeals_decided"`
	AppealsInTerm    int     `json:"appeals_decided_in_term"`
	AppealOutcomes   []Count `json:"appeal_outcomes"`
	Cancellations    int     `json:"cancellations"`
	CancelReasons    []Count `json:"cancellation_reasons"`
	CancelWithBehind int     `json:"cancellations_with_complaint"`
	OffersMade       int     `json:"offers_made"`
	OffersAccepted   int     `json:"offers_accepted"`
}

func (s *Store) counts(ctx context.Context, query string, args ...any) ([]Count, error) {
	return collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (Count, error) {
		var c Count
		return c, r.Scan(&c.Key, &c.N)
	}, query, args...)
}

// Figures computes the evaluation's facts for [from, to).
func (s *Store) Figures(ctx context.Context, from, to time.Time) (QuarterFigures, error) {
	f := QuarterFigures{From: from, To: to}
	c := s.reader()
	in := ` FROM complaints c WHERE c.received_at >= ? AND c.received_at < ?`
	one := func(dst *int, query string, args ...any) error {
		return c.queryRow(ctx, query, args...).Scan(dst)
	}
	steps := []func() error{
		func() error { return one(&f.Received, `SELECT COUNT(*)`+in, from, to) },
		func() (err error) {
			f.ByCategory, err = s.counts(ctx, `SELECT c.category, COUNT(*)`+in+` GROUP BY c.category ORDER BY 2 DESC, 1`, from, to)
			return
		},
		func() (err error) {
			f.ByChannel, err = s.counts(ctx, `SELECT c.channel, COUNT(*)`+in+` GROUP BY c.channel ORDER BY 2 DESC, 1`, from, to)
			return
		},
		func() (err error) {
			f.ByDepartment, err = s.counts(ctx, `SELECT c.department, COUNT(*)`+in+` GROUP BY c.department ORDER BY 2 DESC, 1`, from, to)
			return
		},
		func() (err error) {
			f.ByConcerns, err = s.counts(ctx, `SELECT c.concerns, COUNT(*)`+in+` GROUP BY c.concerns ORDER BY 2 DESC, 1`, from, to)
			return
		},
		func() error {
			return c.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.handled_at <= c.due_at THEN 1 ELSE 0 END), 0)`+in+
				` AND c.handled_at IS NOT NULL`, from, to).Scan(&f.Handled, &f.WithinTerm)
		},
		func() error {
			return one(&f.DelayNotices, `SELECT COUNT(*)`+in+` AND c.delay_notice_at IS NOT NULL`, from, to)
		},
		func() error {
			return c.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.due_at < ? THEN 1 ELSE 0 END), 0) FROM complaints c
				WHERE c.received_at < ? AND (c.handled_at IS NULL OR c.handled_at >= ?)`, to, to, to).Scan(&f.OpenAtEnd, &f.OverdueAtEnd)
		},
		func() (err error) {
			f.ToldVia, err = s.counts(ctx, `SELECT c.told_via, COUNT(*)`+in+` AND c.told_via <> '' GROUP BY c.told_via ORDER BY 2 DESC, 1`, from, to)
			return
		},
		func() (err error) {
			f.Satisfied, err = s.counts(ctx, `SELECT c.satisfied, COUNT(*)`+in+` AND c.handled_at IS NOT NULL GROUP BY c.satisfied ORDER BY 1`, from, to)
			return
		},
		func() error {
			where, args := Filter{Incomplete: true, ReceivedFrom: from, ReceivedTo: to}.where(c)
			return c.queryRow(ctx, `SELECT COUNT(*) FROM complaints c`+where, args...).Scan(&f.Incomplete)
		},
		func() error {
			return c.queryRow(ctx, `SELECT COUNT(*),
				COALESCE(SUM(CASE WHEN decided_at IS NOT NULL AND decided_at < ? THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN decided_at IS NOT NULL AND decided_at < ? AND decided_at <= due_at THEN 1 ELSE 0 END), 0)
				FROM appeals WHERE filed_at >= ? AND filed_at < ?`, to, to, from, to).Scan(&f.AppealsFiled, &f.AppealsDecided, &f.AppealsInTerm)
		},
		func() (err error) {
			f.AppealOutcomes, err = s.counts(ctx, `SELECT decision, COUNT(*) FROM appeals WHERE decided_at >= ? AND decided_at < ? GROUP BY decision ORDER BY 1`, from, to)
			return
		},
		func() error {
			return c.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN complaint_id IS NOT NULL THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN offer <> '' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN offer_accepted = 'yes' THEN 1 ELSE 0 END), 0)
				FROM cancellations WHERE cancelled_on >= ? AND cancelled_on < ?`, from, to).Scan(&f.Cancellations, &f.CancelWithBehind, &f.OffersMade, &f.OffersAccepted)
		},
		func() (err error) {
			f.CancelReasons, err = s.counts(ctx, `SELECT CASE WHEN recorded_reason <> '' THEN recorded_reason ELSE reason END, COUNT(*)
				FROM cancellations WHERE cancelled_on >= ? AND cancelled_on < ? GROUP BY 1 ORDER BY 2 DESC, 1`, from, to)
			return
		},
		func() (err error) {
			f.HandlingHours, err = collect(ctx, c, func(r interface{ Scan(...any) error }) (float64, error) {
				var got, done time.Time
				err := r.Scan(timeCol{&got}, timeCol{&done})
				return done.Sub(got).Hours(), err
			}, `SELECT c.received_at, c.handled_at`+in+` AND c.handled_at IS NOT NULL`, from, to)
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

// SatisfiedByCategory counts complaints handled to satisfaction per
// category, received in [from, to).
func (s *Store) SatisfiedByCategory(ctx context.Context, from, to time.Time) (map[string]int, error) {
	counts, err := s.counts(ctx, `SELECT c.category, COUNT(*) FROM complaints c WHERE c.received_at >= ? AND c.received_at < ?
		AND c.satisfied = 'yes' GROUP BY c.category`, from, to)
	if err != nil {
		return nil, fmt.Errorf("satisfied by category: %w", err)
	}
	out := map[string]int{}
	for _, c := range counts {
		out[c.Key] = c.N
	}
	return out, nil
}

// Texts returns reference and description of complaints received in
// [from, to), newest first, at most limit.
func (s *Store) Texts(ctx context.Context, from, to time.Time, limit int) ([][2]string, error) {
	out, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) ([2]string, error) {
		var t [2]string
		return t, r.Scan(&t[0], &t[1])
	}, `SELECT reference, description FROM complaints WHERE received_at >= ? AND received_at < ? ORDER BY received_at DESC, id DESC LIMIT ?`, from, to, limit)
	if err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	return out, nil
}
