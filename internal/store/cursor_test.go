package store

import (
	"testing"
	"time"
)

func FuzzParseCursor(f *testing.F) {
	f.Add(Cursor{Sort: SortDueAsc, At: time.Unix(1700000000, 123000), ID: 9}.Encode(), "due_at")
	f.Add("", "-received_at")
	f.Add("fHx8", "due_at")
	f.Fuzz(func(t *testing.T, token, sort string) {
		c, err := ParseCursor(token, Sort(sort))
		if err != nil || c == nil {
			return
		}
		back, err := ParseCursor(c.Encode(), Sort(sort))
		if err != nil || back.ID != c.ID || !back.At.Equal(c.At) {
			t.Fatalf("round trip of %+v gave %+v, %v", c, back, err)
		}
	})
}
