package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/store"
)

// runAuditVerify is `klacht audit verify`: it walks the audit log's hash
// chain and names the first entry that was changed or removed (exit 1).
func runAuditVerify(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "audit verify", args, &cfg)
	if err != nil {
		return err
	}
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	total, err := s.CountAudit(ctx)
	if err != nil {
		return err
	}
	bar := progressBar{w: env.Stderr, label: "entries", total: total}
	n, err := s.VerifyAudit(ctx, bar.show)
	if err != nil {
		return fmt.Errorf("the audit log is broken: %w (%d entries before it are intact)", err, n)
	}
	fmt.Fprintf(env.Stdout, "the audit log is intact: %d entries\n", n)
	return nil
}

// runAuditExport is `klacht audit export`: entries of the log, newest
// first, as CSV or JSON, for the data protection officer.
func runAuditExport(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "audit export", args, &cfg)
	if err != nil {
		return err
	}
	object := fs.String("object", "", "only entries about this (a reference such as K-2026-00042, or user:7)")
	actor := fs.String("actor", "", "only entries by someone whose name holds this")
	action := fs.String("action", "", "only actions starting with this, e.g. complaint.read")
	from := fs.String("from", "", "from this date (2026-01-31)")
	to := fs.String("to", "", "up to this date, not including it")
	format := fs.String("format", "csv", "csv or json")
	limit := fs.Int("limit", 100_000, "at most this many entries")
	out := fs.String("out", "", "write to this file instead of stdout")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	f := store.AuditFilter{Object: *object, Actor: *actor, Action: *action}
	for _, d := range []struct {
		flag, v string
		dst     *time.Time
	}{{"from", *from, &f.From}, {"to", *to, &f.To}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.v)
		if err != nil {
			return fmt.Errorf("%w: --%s %q: use a date like 2026-01-31", errUsage, d.flag, d.v)
		}
		*d.dst = t
	}
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("%w: --format %q: use csv or json", errUsage, *format)
	}
	if *limit < 1 {
		return fmt.Errorf("%w: --limit: 1 or more", errUsage)
	}
	s, _, err := openStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	entries, err := s.AuditLog(ctx, f, *limit)
	if err != nil {
		return err
	}
	return output(env, *out, func(w io.Writer) error {
		if *format == "json" {
			if entries == nil {
				entries = []audit.Entry{}
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(entries)
		}
		return audit.WriteCSV(w, entries)
	})
}
