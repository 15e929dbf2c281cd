package report

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// benchComplaints is how many complaints the evaluation is measured over;
// KLACHT_BENCH_COMPLAINTS sets another number.
func benchComplaints(b *testing.B) int {
	n := 1_000_000
	if v := os.Getenv("KLACHT_BENCH_COMPLAINTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("KLACHT_BENCH_COMPLAINTS: %v", err)
		}
	}
	return n
}

// BenchmarkQuarterly measures the quarterly evaluation (five quarters of
// figures) over a register of a million complaints spread over five
// years, with cancellations and appeals, on each database.
//
//	go test -run '^$' -bench Quarterly -benchtime 10x ./internal/report/
func BenchmarkQuarterly(b *testing.B) {
	for name, open := range storetest.Dialects() {
		b.Run(name, func(b *testing.B) {
			s := open(b)
			ctx := store.System(context.Background())
			p, err := s.LoadProfile(ctx)
			if err != nil {
				b.Fatal(err)
			}
			staff := storetest.MustUser(b, s, "agent@example.nl", auth.RoleAgent)
			end := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
			n := benchComplaints(b)
			start := time.Now()
			if _, err := seed.Run(ctx, s, p, seed.Options{Complaints: n, End: end, Seed: 1, StaffID: staff.ID}); err != nil {
				b.Fatal(err)
			}
			b.Logf("seeded %d complaints in %v", n, time.Since(start).Round(time.Millisecond))
			q := Quarter{2026, 3}
			b.ResetTimer()
			for b.Loop() {
				ev, err := Quarterly(ctx, s, q, p.Location(), time.Time{})
				if err != nil {
					b.Fatal(err)
				}
				if ev.Columns[0].Received == 0 {
					b.Fatal("an empty quarter")
				}
			}
		})
	}
}
