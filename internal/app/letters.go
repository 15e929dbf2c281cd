package app

import (
	"context"
	"time"

	"github.com/klacht/klacht/internal/notify"
)

// PrintLetters makes one PDF of every letter waiting in the outbox (P5.2,
// P5.5: complainants without e-mail hear by post) and marks them printed,
// in one go; n is 0 when none waited. at is the date the letters carry.
func (a *Service) PrintLetters(ctx context.Context) (pdf []byte, n int, at time.Time, err error) {
	pending, err := a.store.PendingLetters(ctx)
	if err != nil || len(pending) == 0 {
		return nil, 0, time.Time{}, err
	}
	now := a.Now()
	at = now.In(a.Profile().Location())
	letters := make([]notify.Letter, len(pending))
	for i, it := range pending {
		letters[i] = notify.Letter{Lang: it.Lang, Address: it.Address, Date: at,
			Reference: it.Reference, Subject: it.Subject, Body: it.Body}
	}
	if pdf, err = notify.RenderLetters(a.Letterhead(), letters); err != nil {
		return nil, 0, at, err
	}
	if err := a.store.MarkPrinted(ctx, pending, now); err != nil {
		return nil, 0, at, err
	}
	return pdf, len(pending), at, nil
}
