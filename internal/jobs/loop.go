package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/klacht/klacht/internal/metrics"
)

// Loop runs tick now and then every interval until ctx ends. A failed tick
// is logged and tried again at the next one: what did not happen stays
// due, so nothing is lost. name labels the log lines; what tick reports
// doing is logged when it did something.
func Loop(
	ctx context.Context,
	every time.Duration,
	log *slog.Logger,
	name string,
	tick func(context.Context) (int, error),
) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := tick(ctx)
		metrics.Default.JobRan(name, err)
		if err != nil {
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
