package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/store"
)

// Mailer delivers the outbox's e-mails. A mail server that is down loses
// nothing: the mail stays pending and is tried again with growing pauses
// (1, 2, 4 … minutes, at most 6 hours) until MaxAttempts, when it is marked
// failed and shown as such.
type Mailer struct {
	Store       outboxStore
	Send        func(context.Context, notify.Mail) error
	Now         func() time.Time
	Every       time.Duration
	Log         *slog.Logger
	MaxAttempts int
	// Domain ends Message-IDs (klacht-outbox-42@Domain).
	Domain string
}

// leaseTime is how long one server may hold a mail while sending it.
const leaseTime = 2 * time.Minute

// Run delivers until ctx ends.
func (m *Mailer) Run(ctx context.Context) error {
	return Loop(ctx, m.Every, m.Log, "mailer", m.Tick)
}

// Backoff is the pause after the n-th failed attempt.
func Backoff(n int) time.Duration {
	d := time.Minute << min(n-1, 10)
	return min(d, 6*time.Hour)
}

// Tick sends every e-mail that is due and returns how many went out.
func (m *Mailer) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx) // klacht's own machinery sees the whole register
	max := m.MaxAttempts
	if max <= 0 {
		max = 10
	}
	sent := 0
	for {
		now := m.Now().UTC()
		item, ok, err := m.Store.ClaimEmail(ctx, now, leaseTime)
		if err != nil || !ok {
			return sent, err
		}
		sendCtx, cancel := context.WithTimeout(ctx, time.Minute)
		err = m.Send(sendCtx, notify.Mail{
			To: item.Recipient, Subject: item.Subject, Body: item.Body,
			MessageID: fmt.Sprintf("klacht-outbox-%d@%s", item.ID, m.Domain),
			FileName:  item.FileName, File: item.File,
		})
		cancel()
		now = m.Now().UTC()
		switch {
		case err == nil:
			if err := m.Store.MarkSent(ctx, item, now); err != nil {
				return sent, err
			}
			sent++
		case notify.IsPermanent(err) || item.Attempts >= max:
			m.Log.WarnContext(ctx, "mail failed", "outbox", item.ID, "attempts", item.Attempts, "err", err)
			if err := m.Store.MarkFailed(ctx, item, err.Error(), now); err != nil {
				return sent, err
			}
		default:
			m.Log.WarnContext(ctx, "mail deferred", "outbox", item.ID, "attempts", item.Attempts, "err", err)
			if err := m.Store.MarkRetry(ctx, item, err.Error(), now.Add(Backoff(item.Attempts)), now); err != nil {
				return sent, err
			}
			// The server is likely down for the rest too: try again next tick.
			return sent, nil
		}
	}
}

// outboxStore is what the mailer needs of the store: the outbox's queue.
type outboxStore interface {
	ClaimEmail(ctx context.Context, now time.Time, lease time.Duration) (store.OutboxItem, bool, error)
	MarkSent(ctx context.Context, item store.OutboxItem, now time.Time) error
	MarkRetry(ctx context.Context, item store.OutboxItem, reason string, next, now time.Time) error
	MarkFailed(ctx context.Context, item store.OutboxItem, reason string, now time.Time) error
}
