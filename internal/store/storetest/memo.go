package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
)

// testRemember: the figures of a period that is over are computed once and
// kept; a change of anything they count (a complaint received then, its
// handling, a cancellation or a contact volume of then) makes them
// computed again, a change of earlier or later rows does not.
func testRemember(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "memo@example.nl", auth.RoleAgent)
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	january := func(name string) complaint.Draft {
		d := Draft(name)
		d.ReceivedAt = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
		return d
	}
	first := MustComplaint(t, s, u, january("Januari"), T0)
	computed := 0
	figures := func() store.QuarterFigures {
		t.Helper()
		f, err := store.Remember(ctx, s, "january", from, to, T0, func() (store.QuarterFigures, error) {
			computed++
			return s.FiguresAt(ctx, from, to, T0)
		})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	steps := []struct {
		name     string
		change   func()
		received int
		computed int
	}{
		{"first time", func() {}, 1, 1},
		{"nothing changed", func() {}, 1, 1},
		{"a complaint received later", func() { MustComplaint(t, s, u, Draft("Maart"), T0) }, 1, 1},
		{"a complaint received before", func() {
			d := Draft("December")
			d.ReceivedAt = time.Date(2025, 12, 10, 10, 0, 0, 0, time.UTC)
			MustComplaint(t, s, u, d, T0)
		}, 1, 1},
		{"a complaint received then", func() { MustComplaint(t, s, u, january("Tweede"), T0) }, 2, 2},
		{"one of them handled", func() {
			_, err := s.UpdateComplaint(ctx, first.Reference, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
				c.Status, c.HandledAt = complaint.Handled, T0
				return c, []complaint.Event{{At: T0, Kind: complaint.EventStatusChanged,
					Data: map[string]any{"from": "registered", "to": "handled"}}}, nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}, 2, 3},
		{"a cancellation of then", func() {
			err := s.SeedCancellations(ctx, []cancellation.Cancellation{{Source: "test", SourceID: "1", MemberNumber: "1",
				Name: "Lid", CancelledOn: time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC), Reason: cancellation.ReasonUnknown,
				Status: cancellation.ToCall, CreatedAt: T0, UpdatedAt: T0}})
			if err != nil {
				t.Fatal(err)
			}
		}, 2, 4},
		{"contact volumes of then", func() {
			if err := s.SaveVolume(ctx, store.Volume{Kind: store.VolumeKinds[0], From: from, To: to, Volume: 1000}, T0); err != nil {
				t.Fatal(err)
			}
		}, 2, 5},
		{"unchanged again", func() {}, 2, 5},
	}
	for _, step := range steps {
		step.change()
		f := figures()
		if f.Received != step.received || computed != step.computed {
			t.Errorf("%s: %d received, computed %d times; want %d and %d", step.name, f.Received, computed,
				step.received, step.computed)
		}
	}
	if f := figures(); f.Handled != 1 || f.Cancellations != 1 {
		t.Errorf("kept figures: %d handled, %d cancellations; want 1 and 1", f.Handled, f.Cancellations)
	}
	// A period not over yet is computed every time.
	n := computed
	if _, err := store.Remember(ctx, s, "running", T0, T0.AddDate(0, 1, 0), T0, func() (int, error) {
		computed++
		return 0, nil
	}); err != nil || computed != n+1 {
		t.Errorf("a running period: computed %d times, %v", computed-n, err)
	}
}
