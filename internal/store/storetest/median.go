package storetest

import (
	"slices"
	"time"
)

// Median is the middle of d (the upper one of an even count); zero for none.
// Benchmarks compare a page's time before and during a load with it.
func Median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
