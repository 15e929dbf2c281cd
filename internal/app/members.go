package app

import (
	"context"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// SetDoNotCall puts the member of a telemarketing complaint on the
// do-not-call list.
func (a *Service) SetDoNotCall(ctx context.Context, u auth.User, ref string) (store.DoNotCall, error) {
	return a.store.SetDoNotCall(ctx, ref, a.Profile().OffersDoNotCall, u.ID, a.Now())
}

// LiftDoNotCall takes the member of a complaint off the do-not-call list.
func (a *Service) LiftDoNotCall(ctx context.Context, u auth.User, ref string) error {
	return a.store.LiftDoNotCall(ctx, ref, u.ID, a.Now())
}

// Merge makes the complaints others part of survivor (see complaint.CheckMerge).
func (a *Service) Merge(
	ctx context.Context,
	u auth.User,
	survivor string,
	others []string,
) (complaint.Complaint, error) {
	return a.store.Merge(ctx, survivor, others, u.ID, a.Now())
}

// Rate records the complainant's rating of how their complaint was handled.
func (a *Service) Rate(ctx context.Context, complaintID int64, score int, comment string) error {
	return a.store.Rate(ctx, complaintID, score, comment, a.Now())
}
