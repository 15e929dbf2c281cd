package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// benchStored is how many complaints the benchmarks run against.
const benchStored = 100_000

// seedComplaints stores n varied complaints spread over two years, in
// batches, through the store's bulk path.
func seedComplaints(b *testing.B, e *testEnv, n int) {
	b.Helper()
	p := procedure.Default()
	agent := e.users[auth.RoleAgent]
	start := time.Now()
	const batch = 5000
	for done := 0; done < n; done += batch {
		cs := make([]complaint.Complaint, 0, batch)
		for i := done; i < min(done+batch, n); i++ {
			d := complaint.Draft{
				Channel:     p.Channels[i%5].Key,
				Category:    p.Categories[i%len(p.Categories)].Key,
				Language:    "nl",
				Description: fmt.Sprintf("Klacht nummer %d over %s.", i, p.Categories[i%len(p.Categories)].Label.NL),
				ReceivedAt:  t0.Add(-time.Duration(i) * 10 * time.Minute),
				Complainant: complaint.Complainant{
					MemberNumber: fmt.Sprint(100000 + i%40000),
					Name:         fmt.Sprintf("Lid %d", i%40000),
					City:         "Utrecht",
				},
			}
			c, err := complaint.New(d, p, p.Terms(), agent.ID, d.ReceivedAt)
			if err != nil {
				b.Fatal(err)
			}
			if i%7 == 0 {
				c.Status = complaint.Closed
			}
			cs = append(cs, c)
		}
		if err := e.store.BulkCreateComplaints(store.System(context.Background()), cs, "K", func(c complaint.Complaint) int { return c.CreatedAt.Year() }); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d complaints in %v", n, time.Since(start).Round(time.Millisecond))
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkAPI measures, with 100,000 complaints stored, the durable API
// create (throughput and p99 at 8 concurrent clients) and the complaint
// list's first page (p95), through real HTTP, on each database.
//
//	go test -run '^$' -bench API -benchtime 2000x ./internal/web/
//	KLACHT_TEST_POSTGRES=postgres://… go test -run '^$' -bench API -benchtime 2000x ./internal/web/
func BenchmarkAPI(b *testing.B) {
	for name, open := range storetest.Dialects() {
		b.Run(name, func(b *testing.B) {
			e := newEnv(b, open)
			e.clock.t = t0
			seedComplaints(b, e, benchStored)
			for _, clients := range []int{1, 8, 64} {
				b.Run(fmt.Sprintf("create-%d-clients", clients), func(b *testing.B) { benchCreate(b, e, clients) })
			}
			b.Run("list-first-page", func(b *testing.B) { benchList(b, e, "?limit=50") })
			b.Run("list-overdue-first-page", func(b *testing.B) { benchList(b, e, "?overdue=true&sort=due_at&limit=50") })
			// The seeded complaints span two years before t0: Q1 2026 and
			// the four quarters before it are all full.
			b.Run("quarterly-evaluation", func(b *testing.B) { benchList(b, e, "/../reports/quarterly?year=2026&quarter=1") })
		})
	}
}

func benchCreate(b *testing.B, e *testEnv, clients int) {
	body := validComplaint()
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	next := make(chan struct{}, b.N)
	for range b.N {
		next <- struct{}{}
	}
	close(next)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				t := time.Now()
				res := e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, body)
				d := time.Since(t)
				if res.Status != http.StatusCreated {
					b.Errorf("create = %d %s", res.Status, res.Body)
					return
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "creates/s")
	b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
}

func benchList(b *testing.B, e *testEnv, query string) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t := time.Now()
		path := "/api/v1/complaints" + query
		if strings.HasPrefix(query, "/../") {
			path = "/api/v1" + query[3:]
		}
		res := e.api(http.MethodGet, path, auth.RoleManager, nil)
		lat = append(lat, time.Since(t))
		if res.Status != http.StatusOK {
			b.Fatalf("list = %d %s", res.Status, res.Body)
		}
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.95)), "p95-ms")
}
