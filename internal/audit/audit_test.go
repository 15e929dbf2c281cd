package audit

import (
	"context"
	"errors"
	"testing"
	"time"
)

func chain(n int) []Entry {
	var out []Entry
	prevID, prev := int64(0), Genesis
	for i := range n {
		e := Entry{At: time.Date(2026, 3, 2, 10, 0, i, 123456789, time.UTC), Actor: Actor{UserID: 7, Name: "Anna", Role: "agent", IP: "192.0.2.1"},
			Action: "complaint.read", Object: "K-2026-00001", Detail: "page"}
		e.Seal(prevID, prev)
		prevID, prev = e.ID, e.Hash
		out = append(out, e)
	}
	return out
}

func verify(es []Entry) error {
	v := NewVerifier()
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
		{"rehashed entry", func(es []Entry) []Entry { es[2].Object = "K-2026-00002"; es[2].Hash = es[2].Sum(); return es }, 4},
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
	if a.Sum() == b.Sum() {
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
