package auth

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	b := NewBackoff(3, time.Second, 10*time.Second, time.Hour, func() time.Time { return now })
	want := []time.Duration{
		0,
		0,
		time.Second,
		2 * time.Second,
		4 * time.Second,
		8 * time.Second,
		10 * time.Second,
		10 * time.Second,
	}
	for i, w := range want {
		if wait := b.Wait("a"); wait != 0 {
			t.Fatalf("failure %d: still waiting %v", i+1, wait)
		}
		got, started := b.Fail("a")
		if got != w || started != (i == 2) {
			t.Errorf("failure %d: wait %v (started %v), want %v", i+1, got, started, w)
		}
		if b.Wait("b") != 0 {
			t.Error("another key waits")
		}
		now = now.Add(got)
	}
	b.Fail("a")
	if b.Wait("a") != 10*time.Second {
		t.Errorf("wait = %v", b.Wait("a"))
	}
	now = now.Add(2 * time.Hour)
	if b.Wait("a") != 0 {
		t.Error("failures not forgotten after the window")
	}
	b.Fail("c")
	b.Fail("c")
	b.Fail("c")
	b.Reset("c")
	if b.Wait("c") != 0 {
		t.Error("reset keeps the wait")
	}
}
