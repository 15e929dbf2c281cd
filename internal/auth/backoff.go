package auth

import (
	"sync"
	"time"
)

// Backoff bounds password guessing per key (an address; an account at an
// address) with growing delays: the first Free failures cost nothing; each
// one after that makes the key wait twice as long as the last, from Base
// up to Max. A key's failures are forgotten Window after its last one, and
// on a success. It lives in process memory, so with N servers each keeps
// its own count; the account-wide guard in the database is shared.
//
// With Free 5, Base 1 s, Max 15 min and a day's Window, one address can
// try one account at most 5 + 10 (the doubling up to 15 minutes) + 96
// (a quarter of an hour each for the rest of the day), about 110 guesses
// a day per server.
type Backoff struct {
	Free      int
	Base, Max time.Duration
	Window    time.Duration
	Now       func() time.Time

	mu   sync.Mutex
	keys map[string]*backoffState
}

type backoffState struct {
	failures int
	last     time.Time
}

// NewBackoff returns a Backoff with these bounds.
func NewBackoff(free int, base, max, window time.Duration, now func() time.Time) *Backoff {
	return &Backoff{Free: free, Base: base, Max: max, Window: window, Now: now, keys: map[string]*backoffState{}}
}

// delay is the wait after n failures.
func (b *Backoff) delay(n int) time.Duration {
	if n < b.Free {
		return 0
	}
	d := b.Base
	for i := b.Free; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

func (b *Backoff) state(key string, now time.Time) *backoffState {
	st := b.keys[key]
	if st != nil && now.Sub(st.last) > b.Window {
		delete(b.keys, key)
		st = nil
	}
	return st
}

// Wait is how long key must wait before it may try again; 0 when now.
func (b *Backoff) Wait(key string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.Now()
	st := b.state(key, now)
	if st == nil {
		return 0
	}
	if wait := st.last.Add(b.delay(st.failures)).Sub(now); wait > 0 {
		return wait
	}
	return 0
}

// Fail records a failure of key and returns the wait it now has; started
// is true when this failure is the first to make key wait (worth an entry
// in the audit log).
func (b *Backoff) Fail(key string) (wait time.Duration, started bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.Now()
	st := b.state(key, now)
	if st == nil {
		st = &backoffState{}
		b.keys[key] = st
	}
	st.failures++
	st.last = now
	return b.delay(st.failures), st.failures == b.Free
}

// Reset forgets key's failures.
func (b *Backoff) Reset(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.keys, key)
}
