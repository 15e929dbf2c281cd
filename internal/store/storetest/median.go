package storetest

import (
	"slices"
	"sync"
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
