// Package bench measures klacht on the machine it runs on, in one run:
// the durable API create at 1, 8 and 64 clients, the list's first page
// for the most used filters, search, the quarterly evaluation, memory and
// start-up time, over a seeded register; and two baselines from the same
// machine: single-row SQLite inserts each committed with fsync (the disk's
// limit for durable one-by-one commits) and a bare net/http handler (the
// machine's HTTP limit), so the figures read as ratios.
package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web"
)

// Options say what to measure.
type Options struct {
	DB         string // a database to fill; empty: a new SQLite file in Dir
	Dir        string // where files go
	Complaints int    // the register's size
	Creates    int    // creates per client count
	Samples    int    // requests per list, search and evaluation figure
	Progress   func(phase string, done, total int)
	Log        io.Writer // what is being done, line by line
	// CreateProfile, when set, receives a CPU profile of the creates
	// (pprof format): where a create's time goes.
	CreateProfile io.Writer
}

// Latency is a measured distribution.
type Latency struct {
	P50, P95, P99 time.Duration
}

// Result is one run's figures.
type Result struct {
	Dialect        string
	Complaints     int
	SeedTime       time.Duration
	StartUp        time.Duration
	BaselineInsert float64 // fsync'd single-row inserts per second
	BaselineHTTP   float64 // bare handler requests per second (64 clients)
	Creates        []CreateFigure
	Lists          []Figure
	Search         []Figure
	Quarterly      Latency
	RSSIdle        int64
	RSSLoad        int64
}

// CreateFigure is the create's rate and latency at a number of clients.
type CreateFigure struct {
	Clients int
	PerSec  float64
	Latency
}

// Figure is a named latency.
type Figure struct {
	Name string
	Latency
}

func (o Options) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

// Run measures.
func Run(ctx context.Context, o Options) (_ Result, err error) {
	defer fault.Wrap(&err, "bench")
	var r Result
	if o.Creates <= 0 {
		o.Creates = 2000
	}
	if o.Samples <= 0 {
		o.Samples = 200
	}
	o.logf("baseline: single-row inserts, each committed with fsync")
	if r.BaselineInsert, err = baselineInserts(ctx, filepath.Join(o.Dir, "baseline.db"), 1000); err != nil {
		return r, err
	}
	o.logf("baseline: a bare net/http handler, 64 clients")
	if r.BaselineHTTP, err = baselineHTTP(64, 20000); err != nil {
		return r, err
	}
	dsn := o.DB
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(o.Dir, "klacht-bench.db")
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return r, err
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		return r, err
	}
	if _, err := s.SeedProfile(ctx, procedure.Default()); err != nil {
		return r, err
	}
	p, err := s.LoadProfile(ctx)
	if err != nil {
		return r, err
	}
	r.Dialect, r.Complaints = string(s.Dialect()), o.Complaints
	if have, err := s.CountComplaints(ctx, store.Filter{}); err != nil {
		return r, err
	} else if have > 0 {
		return r, fmt.Errorf("%s already holds %d complaints; give an empty database", dsn, have)
	}
	staff, err := s.CreateUser(ctx, mustUser("bench@example.nl", auth.RoleCoordinator), time.Now())
	if err != nil {
		return r, err
	}
	o.logf("seeding %d complaints", o.Complaints)
	seedStart := time.Now()
	if _, err := seed.Run(ctx, s, p, seed.Options{Complaints: o.Complaints, End: time.Now(), Seed: 1, StaffID: staff.ID,
		Progress: func(n int) {
			if o.Progress != nil {
				o.Progress("seed", n, o.Complaints)
			}
		}}); err != nil {
		return r, err
	}
	r.SeedTime = time.Since(seedStart)

	// Start-up: a server on the filled database, from opening it to the
	// first answered request.
	s.Close()
	start := time.Now()
	s, err = store.Open(ctx, dsn)
	if err != nil {
		return r, err
	}
	if err := s.Migrate(ctx); err != nil {
		return r, err
	}
	if p, err = s.LoadProfile(ctx); err != nil {
		return r, err
	}
	srv, err := web.New(web.Config{Store: s, Profile: p, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return r, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return r, err
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	if res, err := http.Get(base + "/readyz"); err != nil || res.StatusCode != 200 {
		return r, fmt.Errorf("server not ready: %v", err)
	}
	r.StartUp = time.Since(start)
	token, hash, err := auth.NewSecret("klacht_")
	if err != nil {
		return r, err
	}
	if err := s.CreateToken(audit.WithActor(ctx, audit.System), staff.ID, hash, "bench", "", time.Now(), time.Time{}); err != nil {
		return r, err
	}
	c := &client{base: base, token: token, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}}
	// What seeding left on the heap is handed back first: a server does
	// not seed. (Client and server share this process: see the docs.)
	debug.FreeOSMemory()
	r.RSSIdle = rss()

	// Creates at 1, 8 and 64 clients, sampling memory under load.
	var peak atomic.Int64
	stopSampling := make(chan struct{})
	go func() {
		for {
			select {
			case <-stopSampling:
				return
			case <-time.After(50 * time.Millisecond):
				if m := rss(); m > peak.Load() {
					peak.Store(m)
				}
			}
		}
	}()
	if o.CreateProfile != nil {
		if err := pprof.StartCPUProfile(o.CreateProfile); err != nil {
			return r, fmt.Errorf("cpu profile: %w", err)
		}
	}
	for _, clients := range []int{1, 8, 64} {
		o.logf("creates: %d clients", clients)
		f, err := c.creates(clients, o.Creates)
		if err != nil {
			return r, err
		}
		r.Creates = append(r.Creates, f)
	}
	if o.CreateProfile != nil {
		pprof.StopCPUProfile()
	}
	close(stopSampling)
	r.RSSLoad = peak.Load()

	for _, l := range []struct{ name, query string }{
		{"newest", "limit=50"},
		{"open, most urgent", "status=registered,in_progress&sort=due_at&limit=50"},
		{"overdue", "overdue=true&sort=due_at&limit=50"},
		{"category", "category=street_recruitment&limit=50"},
		{"received last month", "received_from=" + time.Now().AddDate(0, -1, 0).Format("2006-01-02") + "&limit=50"},
	} {
		o.logf("list: %s", l.name)
		lat, err := c.gets("/api/v1/complaints?"+l.query, o.Samples)
		if err != nil {
			return r, err
		}
		r.Lists = append(r.Lists, Figure{l.name, lat})
	}
	for _, q := range []string{"incasso", "straatwerver station", "afgeschreven rekening", "K-2024-00042"} {
		o.logf("search: %s", q)
		lat, err := c.gets("/api/v1/complaints?limit=20&q="+strings.ReplaceAll(q, " ", "+"), o.Samples)
		if err != nil {
			return r, err
		}
		r.Search = append(r.Search, Figure{q, lat})
	}
	o.logf("quarterly evaluation")
	var evals []time.Duration
	q := report.Of(time.Now(), p.Location()).Prev()
	for range 5 {
		t := time.Now()
		if _, err := report.Quarterly(ctx, s, q, p.Location(), time.Now()); err != nil {
			return r, err
		}
		evals = append(evals, time.Since(t))
	}
	r.Quarterly = latency(evals)
	return r, nil
}

func mustUser(email string, role auth.Role) auth.User {
	u, err := auth.NewUser(email, "Bench", role, "", "nl")
	if err != nil {
		panic(err)
	}
	return u
}

type client struct {
	base, token string
	http        *http.Client
}

func (c *client) do(method, path string, body []byte) (int, error) {
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// creates sends total creates from clients at once; every one must be
// answered 201 (durable).
func (c *client) creates(clients, total int) (CreateFigure, error) {
	body, _ := json.Marshal(map[string]any{"channel": "phone", "category": "telemarketing", "concerns": "person",
		"description": "Ik word elke week gebeld terwijl ik heb gezegd dat ik dat niet wil.",
		"complainant": map[string]any{"member_number": "123456", "name": "Jan Jansen", "address": "Damrak 1",
			"postcode": "1012 LG", "city": "Amsterdam", "email": "jan@example.nl", "phone": "020-1234567"}})
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	next := make(chan struct{}, total)
	for range total {
		next <- struct{}{}
	}
	close(next)
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range next {
				t := time.Now()
				status, err := c.do(http.MethodPost, "/api/v1/complaints", body)
				d := time.Since(t)
				mu.Lock()
				if err == nil && status != 201 {
					err = fmt.Errorf("create answered %d", status)
				}
				if err != nil && firstErr == nil {
					firstErr = err
				}
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return CreateFigure{}, fmt.Errorf("bench creates: %w", firstErr)
	}
	return CreateFigure{Clients: clients, PerSec: float64(total) / elapsed.Seconds(), Latency: latency(lat)}, nil
}

// gets asks path n times, one after the other.
func (c *client) gets(path string, n int) (Latency, error) {
	var lat []time.Duration
	for range n {
		t := time.Now()
		status, err := c.do(http.MethodGet, path, nil)
		if err != nil {
			return Latency{}, err
		}
		if status != 200 {
			return Latency{}, fmt.Errorf("bench: GET %s answered %d", path, status)
		}
		lat = append(lat, time.Since(t))
	}
	return latency(lat), nil
}

func latency(d []time.Duration) Latency {
	s := slices.Clone(d)
	slices.Sort(s)
	at := func(p float64) time.Duration {
		if len(s) == 0 {
			return 0
		}
		return s[min(len(s)-1, int(float64(len(s))*p))]
	}
	return Latency{P50: at(0.50), P95: at(0.95), P99: at(0.99)}
}

// baselineInserts is the disk's rate for durable one-by-one commits: a
// SQLite table in WAL mode with synchronous=FULL, as klacht runs it, and
// n single-row inserts, each its own transaction.
func baselineInserts(ctx context.Context, path string, n int) (float64, error) {
	os.Remove(path)
	defer os.Remove(path)
	defer os.Remove(path + "-wal")
	defer os.Remove(path + "-shm")
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("baseline: %w", err)
	}
	start := time.Now()
	for i := range n {
		if _, err := db.ExecContext(ctx, `INSERT INTO t (v) VALUES (?)`, "row "+strconv.Itoa(i)); err != nil {
			return 0, fmt.Errorf("baseline: %w", err)
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// baselineHTTP is the machine's rate for tiny HTTP requests on loopback:
// a handler that writes a fixed JSON answer, and total requests from
// clients at once.
func baselineHTTP(clients, total int) (float64, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"reference":"K-2026-00001"}`))
	})}
	go hs.Serve(ln)
	defer hs.Close()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	url := "http://" + ln.Addr().String() + "/"
	next := make(chan struct{}, total)
	for range total {
		next <- struct{}{}
	}
	close(next)
	var failed atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range next {
				res, err := hc.Post(url, "application/json", strings.NewReader(`{"a":1}`))
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		return 0, fmt.Errorf("baseline http: %d requests failed", failed.Load())
	}
	return float64(total) / time.Since(start).Seconds(), nil
}

// rss is this process's resident memory in bytes (Linux), else 0.
func rss() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// Write prints the result as a table, with ratios to the baselines.
func (r Result) Write(w io.Writer) {
	ms := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
	}
	mb := func(b int64) string { return strconv.FormatInt(b>>20, 10) + " MB" }
	fmt.Fprintf(
		w,
		"klacht bench — %s, %d complaints (seeded in %s), %d cores\n\n",
		r.Dialect,
		r.Complaints,
		r.SeedTime.Round(time.Second),
		runtime.NumCPU(),
	)
	fmt.Fprintf(
		w,
		"baselines: %.0f fsync'd single-row inserts/s; %.0f bare HTTP requests/s (64 clients)\n\n",
		r.BaselineInsert,
		r.BaselineHTTP,
	)
	fmt.Fprintf(
		w,
		"%-28s %10s %9s %9s %12s %12s\n",
		"create (durable, API)",
		"per s",
		"p50 ms",
		"p99 ms",
		"÷ inserts",
		"÷ http",
	)
	for _, c := range r.Creates {
		fmt.Fprintf(
			w,
			"%-28s %10.0f %9s %9s %11.2fx %11.3fx\n",
			strconv.Itoa(c.Clients)+" clients",
			c.PerSec,
			ms(c.P50),
			ms(c.P99),
			c.PerSec/r.BaselineInsert,
			c.PerSec/r.BaselineHTTP,
		)
	}
	fmt.Fprintf(w, "\n%-28s %9s %9s\n", "list, first page", "p50 ms", "p95 ms")
	for _, l := range r.Lists {
		fmt.Fprintf(w, "%-28s %9s %9s\n", l.Name, ms(l.P50), ms(l.P95))
	}
	fmt.Fprintf(w, "\n%-28s %9s %9s\n", "search", "p50 ms", "p95 ms")
	for _, l := range r.Search {
		fmt.Fprintf(w, "%-28s %9s %9s\n", l.Name, ms(l.P50), ms(l.P95))
	}
	fmt.Fprintf(w, "\nquarterly evaluation: p50 %s ms\n", ms(r.Quarterly.P50))
	fmt.Fprintf(w, "memory (RSS): idle %s, under load %s\n", mb(r.RSSIdle), mb(r.RSSLoad))
	fmt.Fprintf(w, "start-up (open, migrate, first answer): %s ms\n", ms(r.StartUp))
}
