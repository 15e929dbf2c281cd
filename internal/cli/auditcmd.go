package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/store"
)

// runAuditVerify is `klacht audit verify`: it walks the audit log's keyed
// chain and names the first entry that was changed or removed, then checks
// the log against signed checkpoints kept outside the database, naming
// entries removed from the end (exit 1).
func runAuditVerify(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "audit verify", args, &cfg)
	if err != nil {
		return err
	}
	var files []string
	fs.Func("checkpoint", "a file of signed checkpoints (a checkpoint file, a backup's .checkpoint, a saved mail); "+
		"may be given more than once; default the --audit-checkpoints file, if there is one", func(v string) error {
		files = append(files, v)
		return nil
	})
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if len(files) == 0 {
		if _, def := cfg.auditFiles(); fileExists(def) {
			files = append(files, def)
		}
	}
	var checkpoints []audit.Checkpoint
	for _, f := range files {
		cps, err := readCheckpointFile(f)
		if err != nil {
			return err
		}
		checkpoints = append(checkpoints, cps...)
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
		return fmt.Errorf("the audit log is broken: %w (%s before it intact)", err, entriesText(n))
	}
	if err := s.CheckAuditCheckpoints(ctx, checkpoints); err != nil {
		return fmt.Errorf("the audit log is broken: %w", err)
	}
	fmt.Fprintf(env.Stdout, "the audit log is intact: %s", entriesText(n))
	if len(checkpoints) > 0 {
		newest := checkpoints[0]
		for _, c := range checkpoints {
			if c.At.After(newest.At) {
				newest = c
			}
		}
		fmt.Fprintf(env.Stdout, "; %d checkpoints agree, the newest of %s (%s)", len(checkpoints),
			newest.At.Format(time.RFC3339), entriesText(int(newest.Entries)))
	} else {
		fmt.Fprintf(env.Stdout, "; no checkpoint was given, so entries removed from the end would not show")
	}
	fmt.Fprintln(env.Stdout)
	return nil
}

// runAuditCheckpoint is `klacht audit checkpoint`: a signed checkpoint of
// the log now, added to the checkpoint file and printed, for a cron job
// that keeps it elsewhere too.
func runAuditCheckpoint(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "audit checkpoint", args, &cfg)
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
	_, file := cfg.auditFiles()
	c, err := writeCheckpoint(ctx, s, time.Now(), file)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, c.String())
	return nil
}

// readCheckpointFile reads the signed checkpoints in a file.
func readCheckpointFile(path string) ([]audit.Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint file: %w", err)
	}
	defer f.Close()
	cps, err := audit.ReadCheckpoints(f)
	if err != nil {
		return nil, fmt.Errorf("checkpoint file %s: %w", path, err)
	}
	if len(cps) == 0 {
		return nil, fmt.Errorf("checkpoint file %s holds no checkpoint", path)
	}
	return cps, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// writeCheckpoint signs how far the log reaches now and adds it to the
// checkpoint files; it returns the checkpoint.
func writeCheckpoint(ctx context.Context, s *store.Store, now time.Time, files ...string) (audit.Checkpoint, error) {
	c, err := s.AuditCheckpoint(ctx, now)
	if err != nil {
		return c, err
	}
	for _, f := range files {
		if err := audit.AppendCheckpoint(f, c); err != nil {
			return c, err
		}
	}
	return c, nil
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
