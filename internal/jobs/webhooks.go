package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/metrics"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/webhook"
)

// Webhooks sends the deliveries storage wrote beside each change, signed
// as the Standard Webhooks specification says, retried on its schedule.
// Several servers share the work: each delivery is leased to one.
type Webhooks struct {
	Store  deliveryStore
	Client *http.Client // nil: one with Timeout and no redirects
	Now    func() time.Time
	Every  time.Duration
	Log    *slog.Logger
	// Timeout bounds one attempt; 15 seconds when zero.
	Timeout time.Duration
}

type deliveryStore interface {
	ClaimDelivery(ctx context.Context, now time.Time, lease time.Duration) (webhook.Delivery, bool, error)
	RecordAttempt(ctx context.Context, d webhook.Delivery, r store.DeliveryResult, now time.Time) error
}

// Run sends until ctx ends.
func (w *Webhooks) Run(ctx context.Context) error {
	return Loop(ctx, w.Every, w.Log, "webhooks", w.Tick)
}

// Tick sends every delivery that is due and returns how many arrived.
func (w *Webhooks) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx)
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirect is an answer, not a place to send the payload on to
		}}
	}
	delivered := 0
	for {
		d, ok, err := w.Store.ClaimDelivery(ctx, w.Now().UTC(), timeout+time.Minute)
		if err != nil || !ok {
			return delivered, err
		}
		code, err := w.send(ctx, client, timeout, d)
		now := w.Now().UTC()
		r := store.DeliveryResult{Code: code}
		if err != nil {
			r.Error = err.Error()
			if pause, again := webhook.Retry(d.Attempts); again {
				r.Next = now.Add(pause)
			}
			w.Log.WarnContext(ctx, "webhook not delivered", "delivery_id", d.ID, "endpoint", d.EndpointID,
				"attempts", d.Attempts, "code", code, "err", err)
		} else {
			delivered++
		}
		metrics.Default.WebhookAttempt(err == nil)
		if err := w.Store.RecordAttempt(ctx, d, r, now); err != nil {
			return delivered, err
		}
	}
}

// send makes one attempt: the endpoint took the message when it answers
// 2xx.
func (w *Webhooks) send(ctx context.Context, client *http.Client, timeout time.Duration, d webhook.Delivery) (int, error) {
	headers, err := webhook.Headers(d.Secret, d.MsgID, w.Now(), d.Payload)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return 0, fmt.Errorf("webhook request: %w", err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "klacht-webhooks")
	resp, err := client.Do(req)
	if err != nil {
		var uerr interface{ Timeout() bool }
		if errors.As(err, &uerr) && uerr.Timeout() {
			return 0, fmt.Errorf("no answer within %v", timeout)
		}
		return 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 300)) // for the log: what the endpoint said
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("answered %s: %s", resp.Status, bytes.TrimSpace(body))
	}
	return resp.StatusCode, nil
}
