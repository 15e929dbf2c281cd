package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// BenchmarkImportCancellations imports a file of 100,000 cancellations
// into a register of 20,000 complaints (KLACHT_BENCH_REGISTER), parsing
// included, and times the list's first page before and while it runs:
// s/op, and the list's median while importing ÷ before; beside it the
// same ratio while a busy loop in another process takes a core for as
// long (what the machine's two cores cost the list, whatever the load).
//
//	go test ./internal/store -run '^$' -bench ImportCancellations -benchtime 1x
func BenchmarkImportCancellations(b *testing.B) {
	data, _ := cancellation.SampleCSV(100_000, 0, 7)
	for name, open := range storetest.Dialects() {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				s := open(b)
				ctx := store.System(context.Background())
				p, err := s.LoadProfile(ctx)
				if err != nil {
					b.Fatal(err)
				}
				opts := seed.Options{Complaints: storetest.BenchRegister(b), End: storetest.T0}
				if _, err := seed.Run(ctx, s, p, opts); err != nil {
					b.Fatal(err)
				}
				list := func() time.Duration {
					t0 := time.Now()
					if _, _, err := s.ListComplaints(ctx, store.Filter{}, store.SortReceivedDesc, 50, nil); err != nil {
						b.Error(err) // from the sampling goroutine too: no Fatal
					}
					return time.Since(t0)
				}
				var imported int
				var rep cancellation.Report
				var took time.Duration
				slowdown := storetest.Slowdown(list, 20*time.Millisecond, func() {
					b.StartTimer()
					defer b.StopTimer()
					start := time.Now()
					defer func() { took = time.Since(start) }()
					var rows []cancellation.Row
					rows, rep, err = cancellation.ParseCSV(bytes.NewReader(data), procedure.Default(),
						cancellation.DefaultMapping(), storetest.T0, i18n.NL, nil)
					if err == nil {
						imported, _, err = s.ImportCancellations(ctx, "ledenadmin", rows, nil)
					}
				})
				if err != nil || rep.Good != 100_000 || imported != 100_000 {
					b.Fatalf("import: %d of %d good rows, %v", imported, rep.Good, err)
				}
				b.ReportMetric(slowdown, "list-slowdown")
				b.ReportMetric(storetest.BusyCoreSlowdown(b, list, 20*time.Millisecond, took), "busy-core-slowdown")
			}
		})
	}
}
