package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/klacht/klacht/internal/cancellation"
)

// runCancellationsList is `klacht cancellations list [--status to_call]`.
func runCancellationsList(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "cancellations list", args, &cfg)
	if err != nil {
		return err
	}
	status := fs.String("status", "to_call", "to_call, reached, not_reached, done, or all")
	limit := fs.Int("limit", 1000, "list at most this many, oldest first")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	st := cancellation.Status(*status)
	switch st {
	case "all":
		st = ""
	case cancellation.ToCall, cancellation.Reached, cancellation.NotReached, cancellation.Done:
	default:
		return fmt.Errorf("%w: --status %q: use to_call, reached, not_reached, done or all", errUsage, *status)
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if *limit < 1 {
		return fmt.Errorf("%w: --limit must be at least 1", errUsage)
	}
	list, err := s.Cancellations(ctx, st, *limit)
	if err != nil {
		return err
	}
	offered, accepted, err := s.SaveRate(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tMEMBER\tNAME\tREASON\tSTATUS\tCALLS\tCOMPLAINT")
	for _, x := range list {
		fmt.Fprintf(
			tw,
			"%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n",
			x.ID,
			x.CancelledOn.Format("2006-01-02"),
			x.MemberNumber,
			x.Name,
			x.Reason,
			x.Status,
			x.Attempts,
			x.ComplaintRef,
		)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d listed; offers accepted: %d of %d\n", len(list), accepted, offered)
	return nil
}

// runAppealsList is `klacht appeals list [--decided]`: the board's queue.
func runAppealsList(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "appeals list", args, &cfg)
	if err != nil {
		return err
	}
	decided := fs.Bool("decided", false, "list decided appeals instead of open ones")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Appeals(ctx, !*decided, 1000)
	if err != nil {
		return err
	}
	now := time.Now()
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCOMPLAINT\tNAME\tFILED\tDECIDE BY\tSTATE")
	for _, a := range list {
		state := "open"
		switch {
		case a.Decision != "":
			state = a.Decision
		case a.Overdue(now):
			state = "overdue"
		}
		fmt.Fprintf(
			tw,
			"%d\t%s\t%s\t%s\t%s\t%s\n",
			a.ID,
			a.Reference,
			a.Name,
			a.FiledAt.Format("2006-01-02"),
			a.DueAt.Format("2006-01-02"),
			state,
		)
	}
	return tw.Flush()
}
