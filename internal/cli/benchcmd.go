package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/klacht/klacht/internal/bench"
)

// runBench is `klacht bench`: klacht measured on this machine, with the
// machine's own baselines, over a seeded register (see docs/benchmarks.md).
// The server runs as a process of its own, this binary's `serve`.
func runBench(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "pages" {
		return runBenchPages(ctx, env, args[1:])
	}
	if len(args) > 0 && args[0] == "load" {
		return runBenchLoad(ctx, env, args[1:])
	}
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
	reuse := fs.Bool("reuse", false, "measure over the register --bench-db already holds instead of seeding it")
	jsonFile := fs.String("json", "", "also write every figure to this file as JSON")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *n < 1000 || *creates < 100 || *samples < 20 {
		return fmt.Errorf("%w: --complaints ≥ 1000, --creates ≥ 100, --samples ≥ 20", errUsage)
	}
	if *reuse && *db == "" {
		return fmt.Errorf("%w: --reuse needs --bench-db", errUsage)
	}
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "klacht-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(*dir)
	}
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: the server's executable: %w", err)
	}
	opts := bench.Options{DB: *db, Dir: *dir, Complaints: *n, Reuse: *reuse, Creates: *creates, Samples: *samples,
		Binary: bin, Log: env.Stderr}
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
	return writeJSONFile(*jsonFile, r.WriteJSON)
}

// writeJSONFile writes a result to name, when one is given.
func writeJSONFile(name string, write func(io.Writer) error) error {
	if name == "" {
		return nil
	}
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("bench: %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

// runBenchLoad is `klacht bench load`: a running klacht's API loaded from
// this process (creates at 1, 8 and 64 clients, lists, searches), with an
// API token read from stdin.
func runBenchLoad(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "bench load", args, &cfg)
	if err != nil {
		return err
	}
	base := fs.String("base-url", "http://127.0.0.1:8080", "the running klacht to load")
	creates := fs.Int("creates", 2000, "creates per number of clients")
	clientList := fs.String("clients", "1,8,64", "the numbers of clients the creates run at, one after the other")
	samples := fs.Int("samples", 200, "requests per list and search figure")
	jsonFile := fs.String("json", "", "also write the figures to this file as JSON")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *creates < 100 || *samples < 20 {
		return fmt.Errorf("%w: --creates ≥ 100, --samples ≥ 20", errUsage)
	}
	clients, err := parseClients(*clientList)
	if err != nil {
		return err
	}
	token, err := readPassword(env.Stdin)
	if err != nil {
		return err
	}
	if token == "" {
		return fmt.Errorf("%w: an API token of a coordinator goes on stdin (klacht token create)", errUsage)
	}
	r, err := bench.Load(ctx, bench.LoadOptions{Base: *base, Token: token, Creates: *creates, Clients: clients,
		Samples: *samples, Log: env.Stderr})
	if err != nil {
		return fmt.Errorf("bench load: %w", err)
	}
	res := bench.Result{Creates: r.Creates, Lists: r.Lists, Searches: r.Searches}
	res.Write(env.Stdout)
	return writeJSONFile(*jsonFile, res.WriteJSON)
}

// runBenchPages is `klacht bench pages`: the staff pages of a running
// klacht timed from outside its process, as a browser on the same machine
// would wait for them.
func runBenchPages(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs, _, err := newFlags(env, "bench pages", args, &cfg)
	if err != nil {
		return err
	}
	base := fs.String("base-url", "http://127.0.0.1:8080", "the running klacht to measure")
	email := fs.String("email", "", "a staff account that may open the pages, e.g. a coordinator (required)")
	samples := fs.Int("samples", 20, "requests per page, after three to warm up")
	jsonFile := fs.String("json", "", "also write the figures to this file as JSON")
	if err := parse(fs, args, &cfg); err != nil {
		return err
	}
	if *email == "" || *samples < 5 {
		return fmt.Errorf("%w: --email is required; --samples ≥ 5", errUsage)
	}
	pw, err := readPassword(env.Stdin)
	if err != nil {
		return err
	}
	if pw == "" {
		return fmt.Errorf("%w: the account's password goes on stdin", errUsage)
	}
	figs, err := bench.Pages(ctx, bench.PagesOptions{Base: *base, Email: *email, Password: pw, Samples: *samples,
		Paths: append(slices.Clone(bench.StaffPages), "/reports/quarterly", "/reports/annual")})
	if err != nil {
		return fmt.Errorf("bench pages: %w", err)
	}
	bench.WritePages(env.Stdout, figs)
	return writeJSONFile(*jsonFile, func(w io.Writer) error { return bench.WritePagesJSON(w, figs) })
}

// parseClients reads --clients: numbers of clients from 1 to 1,000,
// separated by commas.
func parseClients(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1000 {
			return nil, fmt.Errorf("%w: --clients: numbers from 1 to 1000 separated by commas, not %q", errUsage, s)
		}
		out = append(out, n)
	}
	return out, nil
}
