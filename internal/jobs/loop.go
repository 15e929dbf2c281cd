package jobs

import (
	"context"
	"log/slog"
	"time"
)

// Loop runs tick now and then every interval until ctx ends. A failed tick
// is logged and tried again at the next one: what did not happen stays
// due, so nothing is lost. name labels the log lines; what tick reports
// doing is logged when it did something.
func Loop(ctx context.Context, every time.Duration, log *slog.Logger, name string, tick func(context.Context) (int, error)) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := tick(ctx); err != nil {
			log.ErrorContext(ctx, name, "err", err)
		} else if n > 0 {
			log.InfoContext(ctx, name, "done", n)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
