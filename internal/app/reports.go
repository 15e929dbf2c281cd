package app

import (
	"context"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

// What the evaluation (P7), the yearly summary (R1–R4), the letters, the
// quarantine and the data subjects' requests change: each with the
// service's clock and the person who did it.

// SignEvaluation signs a quarter's evaluation in u's role, freezing the
// figures of snapshot (P7.1).
func (a *Service) SignEvaluation(ctx context.Context, u auth.User, quarter, note string, snapshot []byte) error {
	return a.store.SignEvaluation(ctx, quarter, string(u.Role), u.ID, note, snapshot, a.Now())
}

// AddAgendaItem puts a recurring matter on the management team's agenda (P7.2).
func (a *Service) AddAgendaItem(ctx context.Context, u auth.User, quarter, title string) error {
	return a.store.AddAgendaItem(ctx, quarter, title, u.ID, a.Now())
}

// ConcludeAgendaItem records what the management team concluded (P7.2).
func (a *Service) ConcludeAgendaItem(ctx context.Context, id int64, conclusion string) error {
	return a.store.ConcludeAgendaItem(ctx, id, conclusion, a.Now())
}

// SaveAnnualText keeps an editor's text of a year's summary in lang.
func (a *Service) SaveAnnualText(ctx context.Context, u auth.User, year int, lang, text string) error {
	return a.store.SaveAnnualText(ctx, year, lang, text, u.ID, a.Now())
}

// PublishAnnual publishes a year's summary in lang as snapshot holds it.
func (a *Service) PublishAnnual(ctx context.Context, u auth.User, year int, lang string, snapshot []byte) error {
	return a.store.PublishAnnual(ctx, year, lang, snapshot, u.ID, a.Now())
}

// PublishAnnuals publishes a year's summary in every language at once.
func (a *Service) PublishAnnuals(ctx context.Context, u auth.User, year int, snapshots map[string][]byte) error {
	return a.store.PublishAnnuals(ctx, year, snapshots, u.ID, a.Now())
}

// WithdrawAnnual takes a year's published summary in lang off the public page.
func (a *Service) WithdrawAnnual(ctx context.Context, year int, lang string) error {
	return a.store.WithdrawAnnual(ctx, year, lang)
}

// SaveVolumes records contact volumes for the yearly rates (R3).
func (a *Service) SaveVolumes(ctx context.Context, vs ...store.Volume) error {
	return a.store.SaveVolumes(ctx, vs, a.Now())
}

// ResolveQuarantine marks a quarantined mail dealt with.
func (a *Service) ResolveQuarantine(ctx context.Context, id int64) error {
	return a.store.ResolveQuarantine(ctx, id, a.Now())
}

// EraseSubject pseudonymises a data subject's records on their request
// (AVG art. 17).
func (a *Service) EraseSubject(ctx context.Context, recs store.SubjectRecords) error {
	return a.store.Pseudonymise(ctx, recs, "erasure", a.Now())
}
