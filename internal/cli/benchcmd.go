package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/klacht/klacht/internal/bench"
)

// runBench is `klacht bench`: klacht measured on this machine, with the
// machine's own baselines, over a seeded register (see docs/benchmarks.md).
func runBench(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "bench", args, &cfg)
	if err != nil {
		return err
	}
	n := fs.Int("complaints", 1_000_000, "size of the register to measure over")
	creates := fs.Int("creates", 2000, "creates per number of clients (1, 8, 64)")
	samples := fs.Int("samples", 200, "requests per list and search figure")
	dir := fs.String("dir", "", "folder for the benchmark's files; a new temporary one when empty")
	db := fs.String(
		"bench-db",
		"",
		"an empty database to fill and measure (default: a new SQLite file in --dir); a postgres:// URL measures PostgreSQL",
	)
	profile := fs.String("cpuprofile", "", "write a CPU profile of the creates to this file (go tool pprof)")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *n < 1000 || *creates < 100 || *samples < 20 {
		return fmt.Errorf("%w: --complaints ≥ 1000, --creates ≥ 100, --samples ≥ 20", errUsage)
	}
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "klacht-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(*dir)
	}
	opts := bench.Options{DB: *db, Dir: *dir, Complaints: *n, Creates: *creates, Samples: *samples, Log: env.Stderr}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		opts.CreateProfile = f
	}
	bar := map[string]progressBar{}
	opts.Progress = func(phase string, done, total int) {
		b, ok := bar[phase]
		if !ok {
			b = progressBar{w: env.Stderr, label: phase, total: total}
			bar[phase] = b
		}
		b.show(done)
	}
	r, err := bench.Run(ctx, opts)
	if err != nil {
		return err
	}
	r.Write(env.Stdout)
	return nil
}
