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
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
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
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
)

// Options say what to measure.
type Options struct {
	DB         string // a database to fill; empty: a new SQLite file in Dir
	Dir        string // where files go
	Complaints int    // the register's size
	// Reuse measures over the register DB already holds instead of
	// seeding an empty one (Complaints is then ignored).
	Reuse   bool
	Creates int // creates per client count
	Samples int // requests per list and search figure
	// Binary is the klacht executable the server runs as: its own
	// process, so that the load and the server do not share a runtime.
	Binary   string
	Progress func(phase string, done, total int)
	Log      io.Writer // what is being done, line by line
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
	Searches       []Figure
	Pages          []PageFigure
	Reports        []PageFigure
	RSSIdle        int64
	RSSLoad        int64
	RSSAfter       int64 // after the pages and reports
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

// ReportPages are the reports staff open, timed apart from the pages: the
// evaluation and the yearly summary, as pages and through the API.
var ReportPages = []string{
	"/reports/quarterly",
	"/reports/annual",
	"/api/v1/reports/quarterly",
	"/api/v1/reports/annual",
}

// Run measures: it fills the database (or reuses its register), starts
// Binary's server on it in a process of its own and measures that server
// from this one.
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
	staff, err := prepare(ctx, o, dsn, &r)
	if err != nil {
		return r, err
	}

	// Start-up: from starting the server's process to its first answer.
	start := time.Now()
	srv, err := startServer(ctx, o.Binary, o.Dir, dsn)
	if err != nil {
		return r, err
	}
	defer srv.stop()
	r.StartUp = time.Since(start)
	o.logf("waiting for the server's start-up work to settle")
	srv.settle(5 * time.Minute)
	r.RSSIdle = srv.rss()

	o.logf("staff pages")
	popts := PagesOptions{Base: srv.base, Email: staff.email, Password: staff.password, Token: staff.token,
		Samples: max(20, o.Samples/10), Paths: slices.DeleteFunc(slices.Clone(StaffPages), func(p string) bool {
			return p == "/audit"
		})}
	if r.Pages, err = Pages(ctx, popts); err != nil {
		return r, err
	}
	dpo := PagesOptions{Base: srv.base, Email: staff.dpo.email, Password: staff.dpo.password,
		Samples: popts.Samples, Paths: []string{"/audit"}}
	auditLog, err := Pages(ctx, dpo)
	if err != nil {
		return r, err
	}
	r.Pages = append(r.Pages, auditLog...)
	o.logf("reports")
	popts.Paths, popts.Samples = ReportPages, 10
	if r.Reports, err = Pages(ctx, popts); err != nil {
		return r, err
	}
	r.RSSAfter = srv.rss()
	o.logf("lists, searches and creates through the API")
	load, err := Load(ctx, LoadOptions{Base: srv.base, Token: staff.token, Creates: o.Creates, Samples: o.Samples,
		RSS: srv.rss, Log: o.Log})
	if err != nil {
		return r, err
	}
	r.Creates, r.Lists, r.Searches, r.RSSLoad = load.Creates, load.Lists, load.Searches, load.RSSLoad

	return r, nil
}

// staffAccount is an account the benchmark measures as: a coordinator,
// and the data protection officer for the audit log.
type staffAccount struct {
	id                     int64
	email, password, token string
	dpo                    *staffAccount
}

// addAccount adds a staff account of role with a password and an API token.
func addAccount(ctx context.Context, s *store.Store, role auth.Role) (*staffAccount, error) {
	secret, _, err := auth.NewSecret("")
	if err != nil {
		return nil, err
	}
	acc := &staffAccount{password: "bench " + secret,
		email: "bench-" + string(role) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "@example.nl"}
	u, err := auth.NewUser(acc.email, "Bench", role, "", "nl")
	if err != nil {
		return nil, err
	}
	if u.PasswordHash, err = auth.HashPassword(acc.password); err != nil {
		return nil, err
	}
	staff, err := s.CreateUser(ctx, u, time.Now())
	if err != nil {
		return nil, err
	}
	acc.id = staff.ID
	token, hash, err := auth.NewSecret("klacht_")
	if err != nil {
		return nil, err
	}
	if err := s.CreateToken(ctx, staff.ID, hash, "bench", "", time.Now(), time.Time{}); err != nil {
		return nil, err
	}
	acc.token = token
	return acc, nil
}

// prepare fills the database (or checks the register it is to reuse) and
// adds a coordinator with a password and an API token to measure as.
func prepare(ctx context.Context, o Options, dsn string, r *Result) (*staffAccount, error) {
	var acc *staffAccount
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return acc, err
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		return acc, err
	}
	if _, err := s.SeedProfile(ctx, procedure.Default()); err != nil {
		return acc, err
	}
	p, err := s.LoadProfile(ctx)
	if err != nil {
		return acc, err
	}
	r.Dialect = string(s.Dialect())
	have, err := s.CountComplaints(ctx, store.Filter{})
	switch {
	case err != nil:
		return acc, err
	case have > 0 && !o.Reuse:
		return acc, fmt.Errorf("%s already holds %d complaints; give an empty database, or --reuse it", dsn, have)
	case o.Reuse && have == 0:
		return acc, fmt.Errorf("%s holds no complaints to reuse; seed it first", dsn)
	}
	sys := audit.WithActor(ctx, audit.System)
	if acc, err = addAccount(sys, s, auth.RoleCoordinator); err != nil {
		return acc, err
	}
	if acc.dpo, err = addAccount(sys, s, auth.RoleDPO); err != nil {
		return acc, err
	}
	if o.Reuse {
		r.Complaints = have
		return acc, nil
	}
	r.Complaints = o.Complaints
	o.logf("seeding %d complaints", o.Complaints)
	seedStart := time.Now()
	if _, err := seed.Run(ctx, s, p, seed.Options{Complaints: o.Complaints, End: time.Now(), Seed: 1, StaffID: acc.id,
		Progress: func(n int) {
			if o.Progress != nil {
				o.Progress("seed", n, o.Complaints)
			}
		}}); err != nil {
		return acc, err
	}
	r.SeedTime = time.Since(seedStart)
	return acc, nil
}

type client struct {
	base, token string
	http        *http.Client
}

func newClient(base, token string) *client {
	return &client{base: base, token: token,
		http: &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 128}}}
}

func (c *client) do(ctx context.Context, method, path string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
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
func (c *client) creates(ctx context.Context, clients, total int) (CreateFigure, error) {
	// Unmeasured first: the server's connections to its database and their
	// prepared statements grow with the clients, once.
	if _, _, err := c.createsAt(ctx, clients, 2*clients); err != nil {
		return CreateFigure{}, err
	}
	lat, elapsed, err := c.createsAt(ctx, clients, total)
	if err != nil {
		return CreateFigure{}, err
	}
	return CreateFigure{Clients: clients, PerSec: float64(total) / elapsed.Seconds(), Latency: latency(lat)}, nil
}

// createDescriptions are what the load's complainants write, in turn.
var createDescriptions = []string{
	"Ik word elke week gebeld terwijl ik heb gezegd dat ik dat niet wil.",
	"Er is twee keer een incasso van mijn rekening afgeschreven.",
	"De straatwerver bij het station was opdringerig en wilde niet weggaan.",
	"Mijn opzegging is niet verwerkt, ik ontvang nog steeds het blad.",
	"De brief over mijn lidmaatschap noemt een verkeerd bedrag.",
}

// createsAt registers total complaints from clients at once, each from a
// complainant of its own (as a register fills: no member piles up
// thousands of complaints run after run), and returns each one's time.
func (c *client) createsAt(ctx context.Context, clients, total int) ([]time.Duration, time.Duration, error) {
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	next := make(chan int, total)
	for i := range total {
		next <- i
	}
	close(next)
	run := time.Now().UnixNano() % 1_000_000
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for i := range next {
				member := fmt.Sprintf("9%06d%06d", run, i)
				body, _ := json.Marshal(map[string]any{"channel": "phone", "category": "telemarketing",
					"concerns": "person", "description": createDescriptions[i%len(createDescriptions)],
					"complainant": map[string]any{"member_number": member, "name": "Lid " + member,
						"address": "Damrak 1", "postcode": "1012 LG", "city": "Amsterdam",
						"email": "lid" + member + "@example.nl", "phone": fmt.Sprintf("020-%07d", i%10_000_000)}})
				t := time.Now()
				status, err := c.do(ctx, http.MethodPost, "/api/v1/complaints", body)
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
		return nil, 0, fmt.Errorf("bench creates: %w", firstErr)
	}
	return lat, elapsed, nil
}

// gets asks path n times, one after the other.
func (c *client) gets(ctx context.Context, path string, n int) (Latency, error) {
	var lat []time.Duration
	for range n {
		t := time.Now()
		status, err := c.do(ctx, http.MethodGet, path, nil)
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

// Write prints the result as a table, with ratios to the baselines.
func (r Result) Write(w io.Writer) {
	ms := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
	}
	mb := func(b int64) string { return strconv.FormatInt(b>>20, 10) + " MB" }
	// A load on its own (klacht bench load) has no register of its own
	// and no baselines to compare with.
	full := r.BaselineInsert > 0 && r.BaselineHTTP > 0
	if full {
		fmt.Fprintf(w, "klacht bench — %s, %d complaints (seeded in %s), %d cores\n\n",
			r.Dialect, r.Complaints, r.SeedTime.Round(time.Second), runtime.NumCPU())
		fmt.Fprintf(w, "baselines: %.0f fsync'd single-row inserts/s; %.0f bare HTTP requests/s (64 clients)\n\n",
			r.BaselineInsert, r.BaselineHTTP)
	}
	fmt.Fprintf(w, "%-28s %10s %9s %9s", "create (durable, API)", "per s", "p50 ms", "p99 ms")
	if full {
		fmt.Fprintf(w, " %12s %12s", "÷ inserts", "÷ http")
	}
	fmt.Fprintln(w)
	for _, c := range r.Creates {
		fmt.Fprintf(w, "%-28s %10.0f %9s %9s", strconv.Itoa(c.Clients)+" clients", c.PerSec, ms(c.P50), ms(c.P99))
		if full {
			fmt.Fprintf(w, " %11.2fx %11.3fx", c.PerSec/r.BaselineInsert, c.PerSec/r.BaselineHTTP)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\n%-28s %9s %9s\n", "list, first page", "p50 ms", "p95 ms")
	for _, l := range r.Lists {
		fmt.Fprintf(w, "%-28s %9s %9s\n", l.Name, ms(l.P50), ms(l.P95))
	}
	fmt.Fprintf(w, "\n%-28s %9s %9s\n", "search", "p50 ms", "p95 ms")
	for _, l := range r.Searches {
		fmt.Fprintf(w, "%-28s %9s %9s\n", l.Name, ms(l.P50), ms(l.P95))
	}
	if !full {
		return
	}
	fmt.Fprintln(w)
	WritePages(w, r.Pages)
	fmt.Fprintln(w)
	WritePages(w, r.Reports)
	fmt.Fprintf(w, "\nmemory (RSS of the server's process): idle %s, under load %s, after the pages and reports %s\n",
		mb(r.RSSIdle), mb(r.RSSLoad), mb(r.RSSAfter))
	fmt.Fprintf(w, "start-up (process start to first answer): %s ms\n", ms(r.StartUp))
}

// WriteJSON writes every figure, in milliseconds and megabytes, so that
// runs can be compared.
func (r Result) WriteJSON(w io.Writer) error {
	ms := func(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Microsecond)) / 1000 }
	type create struct {
		Clients int     `json:"clients"`
		PerS    float64 `json:"per_s"`
		P50MS   float64 `json:"p50_ms"`
		P99MS   float64 `json:"p99_ms"`
	}
	type figure struct {
		Name  string  `json:"name"`
		P50MS float64 `json:"p50_ms"`
		P95MS float64 `json:"p95_ms"`
		P99MS float64 `json:"p99_ms"`
	}
	figures := func(fs []Figure) []figure {
		out := []figure{}
		for _, f := range fs {
			out = append(out, figure{f.Name, ms(f.P50), ms(f.P95), ms(f.P99)})
		}
		return out
	}
	out := struct {
		Dialect    string             `json:"dialect"`
		Complaints int                `json:"complaints"`
		Cores      int                `json:"cores"`
		SeedS      float64            `json:"seed_s"`
		StartUpMS  float64            `json:"startup_ms"`
		Baselines  map[string]float64 `json:"baselines"`
		Creates    []create           `json:"creates"`
		Lists      []figure           `json:"lists"`
		Searches   []figure           `json:"searches"`
		Pages      []PageFigure       `json:"pages"`
		Reports    []PageFigure       `json:"reports"`
		RSSMB      map[string]int64   `json:"rss_mb"`
	}{
		Dialect: r.Dialect, Complaints: r.Complaints, Cores: runtime.NumCPU(),
		SeedS: math.Round(r.SeedTime.Seconds()*10) / 10, StartUpMS: ms(r.StartUp),
		Baselines: map[string]float64{"fsync_inserts_per_s": math.Round(r.BaselineInsert),
			"http_per_s": math.Round(r.BaselineHTTP)},
		Lists: figures(r.Lists), Searches: figures(r.Searches), Pages: r.Pages, Reports: r.Reports,
		RSSMB: map[string]int64{"idle": r.RSSIdle >> 20, "load": r.RSSLoad >> 20, "after_pages": r.RSSAfter >> 20},
	}
	for _, c := range r.Creates {
		out.Creates = append(out.Creates, create{c.Clients, math.Round(c.PerSec), ms(c.P50), ms(c.P99)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
