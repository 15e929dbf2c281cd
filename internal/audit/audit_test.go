package audit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

var testKey, otherKey = mustKey("0123456789abcdef0123456789abcdef"), mustKey("fedcba9876543210fedcba9876543210")

func mustKey(s string) *Key {
	k, err := NewKey([]byte(s))
	if err != nil {
		panic(err)
	}
	return &k
}

func entry(i int) Entry {
	return Entry{
		At:     time.Date(2026, 3, 2, 10, 0, i, 123456789, time.UTC),
		Actor:  Actor{UserID: 7, Name: "Anna", Role: "agent", IP: "192.0.2.1"},
		Action: "complaint.read",
		Object: "K-2026-00001",
		Detail: "page",
	}
}

// chain makes n entries signed with key (nil: unkeyed).
func chain(n int) []Entry { return chainWith(n, testKey) }

func chainWith(n int, key *Key) []Entry {
	var out []Entry
	prevID, prev := int64(0), Genesis
	for i := range n {
		e := entry(i)
		e.Seal(prevID, prev, key)
		prevID, prev = e.ID, e.Hash
		out = append(out, e)
	}
	return out
}

// rechain seals es[from:] again after es[from-1] with key, as someone who
// changed an entry and recomputed the chain after it would.
func rechain(es []Entry, from int, key *Key) []Entry {
	for i := from; i < len(es); i++ {
		es[i].Seal(es[i-1].ID, es[i-1].Hash, key)
	}
	return es
}

func verify(es []Entry) error { return verifyWith(es, Keyring{Current: testKey}) }

func verifyWith(es []Entry, ring Keyring) error {
	v := NewVerifier(ring)
	for _, e := range es {
		if err := v.Check(e); err != nil {
			return err
		}
	}
	return nil
}

func TestVerify(t *testing.T) {
	if err := verify(chain(5)); err != nil {
		t.Fatalf("an intact chain: %v", err)
	}
	for _, c := range []struct {
		name   string
		tamper func([]Entry) []Entry
		at     int64
	}{
		{"changed detail", func(es []Entry) []Entry { es[2].Detail = "pagf"; return es }, 3},
		{"changed actor", func(es []Entry) []Entry { es[1].Actor.Name = "Bob"; return es }, 2},
		{"changed time", func(es []Entry) []Entry { es[3].At = es[3].At.Add(time.Nanosecond * 1000); return es }, 4},
		{"rehashed entry", func(es []Entry) []Entry { es[2].Object = "K-2026-00002"; es[2].Hash = es[2].Sum(nil); return es }, 3},
		{"chain recomputed without the key", func(es []Entry) []Entry { es[2].Object = "X"; return rechain(es, 2, nil) }, 3},
		{"chain recomputed with another key", func(es []Entry) []Entry { es[2].Object = "X"; return rechain(es, 2, otherKey) }, 3},
		{"key id changed", func(es []Entry) []Entry { es[1].KeyID = ""; return es }, 2},
		{"removed entry", func(es []Entry) []Entry { return append(es[:2], es[3:]...) }, 4},
		{"removed first", func(es []Entry) []Entry { return es[1:] }, 2},
		{"swapped", func(es []Entry) []Entry { es[1], es[2] = es[2], es[1]; return es }, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := verify(c.tamper(chain(5)))
			var b Break
			if !errors.As(err, &b) || b.ID != c.at {
				t.Errorf("got %v, want a break at entry %d", err, c.at)
			}
		})
	}
}

// TestSumFields: moving a character from one field to the next changes
// the hash, since every field is written with its length.
func TestSumFields(t *testing.T) {
	a := Entry{ID: 1, Action: "ab", Object: "c", Prev: Genesis}
	b := Entry{ID: 1, Action: "a", Object: "bc", Prev: Genesis}
	if a.Sum(nil) == b.Sum(nil) || a.Sum(testKey.Secret) == b.Sum(testKey.Secret) {
		t.Error("two different entries hash alike")
	}
}

func TestActor(t *testing.T) {
	if ActorFrom(context.Background()) != System {
		t.Error("no actor is not the system")
	}
	a := Actor{UserID: 3, Name: "Sanne", Role: "dpo", IP: "192.0.2.9"}
	if ActorFrom(WithActor(context.Background(), a)) != a {
		t.Error("actor lost")
	}
}

// TestKeyRotation: entries of before the key (unkeyed), then of an old
// key, then of the new one verify with the new key first and the old one
// kept; without the old key, the first of its entries is named.
func TestKeyRotation(t *testing.T) {
	es := chainWith(3, nil)
	for i, k := range []*Key{otherKey, otherKey, testKey, testKey} {
		e := entry(10 + i)
		e.Seal(es[len(es)-1].ID, es[len(es)-1].Hash, k)
		es = append(es, e)
	}
	if err := verifyWith(es, Keyring{Current: testKey, Old: []Key{*otherKey}}); err != nil {
		t.Errorf("rotated chain: %v", err)
	}
	var b Break
	if err := verifyWith(es, Keyring{Current: testKey}); !errors.As(err, &b) || b.ID != 4 {
		t.Errorf("without the old key: %v", err)
	}
	// An unkeyed entry after keyed ones is refused, even if its plain hash fits.
	tail := entry(20)
	tail.Seal(es[len(es)-1].ID, es[len(es)-1].Hash, nil)
	if err := verifyWith(append(es, tail), Keyring{Current: testKey, Old: []Key{*otherKey}}); !errors.As(err, &b) ||
		b.ID != tail.ID {
		t.Errorf("unkeyed after keyed: %v", err)
	}
}

func TestParseKeys(t *testing.T) {
	ring, err := ParseKeys(
		"# comment\n" + strings.Repeat("ab", 32) + "\n\n" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n",
	)
	if err != nil || ring.Current == nil || len(ring.Old) != 1 {
		t.Fatalf("ring %+v, %v", ring, err)
	}
	for _, bad := range []string{"", "# only a comment", "abcd", "not a key at all!"} {
		if _, err := ParseKeys(bad); err == nil {
			t.Errorf("ParseKeys(%q) took it", bad)
		}
	}
}

// TestCheckpoint: a signed checkpoint names entries removed from the end,
// an emptied log and a rewritten log; a changed checkpoint is refused.
func TestCheckpoint(t *testing.T) {
	es := chain(5)
	c := Checkpoint{At: time.Now(), Entries: 5, Head: es[4].Hash}
	c.Sign(*testKey)
	ring := Keyring{Current: testKey}
	hashOf := func(es []Entry) func(int64) (string, bool, error) {
		return func(id int64) (string, bool, error) {
			if id < 1 || int(id) > len(es) {
				return "", false, nil
			}
			return es[id-1].Hash, true, nil
		}
	}
	if err := c.Verify(ring); err != nil {
		t.Fatal(err)
	}
	if err := c.Against(5, hashOf(es)); err != nil {
		t.Errorf("intact: %v", err)
	}
	if err := c.Against(7, hashOf(append(es, chain(7)[5:]...))); err != nil {
		t.Errorf("grown: %v", err)
	}
	if err := c.Against(4, hashOf(es[:4])); err == nil ||
		!strings.Contains(err.Error(), "entries 5 to 5 were removed from the end") {
		t.Errorf("last removed: %v", err)
	}
	if err := c.Against(0, hashOf(nil)); err == nil || !strings.Contains(err.Error(), "every entry was removed") {
		t.Errorf("all removed: %v", err)
	}
	other := chainWith(5, otherKey)
	if err := c.Against(5, hashOf(other)); err == nil || !strings.Contains(err.Error(), "rewritten") {
		t.Errorf("rewritten: %v", err)
	}
	forged := c
	forged.Entries = 3
	if err := forged.Verify(ring); err == nil {
		t.Error("a changed checkpoint verifies")
	}
	read, err := ReadCheckpoints(strings.NewReader("Dear Sanne,\n\n" + c.String() + "\n-- \nklacht\n"))
	if err != nil || len(read) != 1 || read[0] != c {
		t.Errorf("read back %+v, %v", read, err)
	}
}
