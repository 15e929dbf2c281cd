package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/jobs"
	"github.com/klacht/klacht/internal/procedure"
)

// runRetention is `klacht retention [--dry-run]`: the profile's retention
// rule applied now (serve applies it every hour), or with --dry-run the
// list of what it would change.
func runRetention(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "retention", args, &cfg)
	if err != nil {
		return err
	}
	dry := fs.Bool("dry-run", false, "list what would be pseudonymised, change nothing")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	s, p, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if p.RetentionMonths <= 0 {
		fmt.Fprintln(env.Stdout, "the profile keeps personal data (retention 0 months): nothing to do")
		return nil
	}
	r := &jobs.Retention{Store: s, Profile: func() procedure.Profile { return p }, Now: time.Now, Batch: 100_000}
	due, cutoff, err := r.Due(ctx)
	if err != nil {
		return err
	}
	if *dry {
		fmt.Fprintf(env.Stdout, "closed before %s (%d months): %d complaints and %d cancellations would be pseudonymised\n",
			cutoff.Format("2006-01-02"), p.RetentionMonths, len(due.Complaints), len(due.Cancellations))
		for _, ref := range due.Complaints {
			fmt.Fprintln(env.Stdout, ref)
		}
		for _, id := range due.Cancellations {
			fmt.Fprintf(env.Stdout, "cancellation %d\n", id)
		}
		return nil
	}
	total := 0
	for {
		n, err := r.Tick(audit.WithActor(ctx, audit.Actor{Name: "klacht retention"}))
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		total += n
	}
	fmt.Fprintf(env.Stdout, "pseudonymised %d records closed before %s\n", total, cutoff.Format("2006-01-02"))
	return nil
}
