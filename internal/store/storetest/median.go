package storetest

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Median is the middle of d (the upper one of an even count); zero for none.
func Median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// Slowdown times page twenty times, then again every interval while load
// runs, and returns how many times slower its median was during the load
// (benchmarks of imports and mail storms report it beside their rate).
func Slowdown(page func() time.Duration, interval time.Duration, load func()) float64 {
	var before, during []time.Duration
	for range 20 {
		before = append(before, page())
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(interval):
				during = append(during, page())
			}
		}
	})
	load()
	close(done)
	wg.Wait()
	return float64(Median(during)) / float64(Median(before))
}

// BusyCoreSlowdown is Slowdown for a load that is nothing but a busy loop
// in another process for d: how much slower page is on this machine only
// because another core is busy. Beside a load's own slowdown it says what
// of it the load's work could have spared.
func BusyCoreSlowdown(tb testing.TB, page func() time.Duration, interval, d time.Duration) float64 {
	return Slowdown(page, interval, func() {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		spin := exec.CommandContext(ctx, "sh", "-c", "while :; do :; done")
		if err := spin.Start(); err != nil {
			tb.Errorf("busy loop: %v", err)
			return
		}
		_ = spin.Wait() // ended by the timeout: that is its end
	})
}

// BenchRegister is the number of complaints the volume benchmarks seed
// before they load the register: 20,000, or KLACHT_BENCH_REGISTER (a
// million shows what the same load does to a register of production's
// size; seeding it takes minutes).
func BenchRegister(tb testing.TB) int {
	v := os.Getenv("KLACHT_BENCH_REGISTER")
	if v == "" {
		return 20_000
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1000 || n > 10_000_000 {
		tb.Fatalf("KLACHT_BENCH_REGISTER=%q: a number of complaints from 1000 to 10000000", v)
	}
	return n
}
