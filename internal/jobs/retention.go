package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// Retention applies the profile's retention rule (AVG art. 5(1)(e)): the
// personal data of complaints closed longer ago than the profile's months,
// and of the cancellations of that age, is pseudonymised; the figures stay.
type Retention struct {
	Store   retentionStore
	Profile func() procedure.Profile
	Now     func() time.Time
	Every   time.Duration
	Log     *slog.Logger
	Batch   int // per tick; 1000 when zero
}

// Run ticks until ctx ends.
func (r *Retention) Run(ctx context.Context) error {
	return Loop(ctx, r.Every, r.Log, "retention", r.Tick)
}

// Due lists what the rule reaches now, without changing anything: the
// dry run.
func (r *Retention) Due(ctx context.Context) (store.SubjectRecords, time.Time, error) {
	months := r.Profile().RetentionMonths
	if months <= 0 {
		return store.SubjectRecords{}, time.Time{}, nil
	}
	cutoff := r.Now().UTC().AddDate(0, -months, 0)
	batch := r.Batch
	if batch == 0 {
		batch = 1000
	}
	due, err := r.Store.RetentionDue(ctx, cutoff, batch)
	return due, cutoff, err
}

// Tick pseudonymises one batch and returns how many records it changed.
func (r *Retention) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx) // klacht's own machinery sees the whole register
	due, _, err := r.Due(ctx)
	if err != nil {
		return 0, err
	}
	n := len(due.Complaints) + len(due.Cancellations)
	if n == 0 {
		return 0, nil
	}
	if err := r.Store.Pseudonymise(ctx, due, "retention", r.Now().UTC()); err != nil {
		return 0, err
	}
	return n, nil
}

// retentionStore is what the retention job needs of the store.
type retentionStore interface {
	RetentionDue(ctx context.Context, before time.Time, limit int) (store.SubjectRecords, error)
	Pseudonymise(ctx context.Context, r store.SubjectRecords, why string, now time.Time) error
}
