package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// testDoNotCall: a telemarketing complaint puts its member on the list
// once; other categories and complaints without phone or member number
// cannot; since filters; a lifted entry leaves the list; each change is
// on the timeline.
func testDoNotCall(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "dnc@example.nl", auth.RoleAgent)
	tele := Draft("Bel")
	tele.Complainant.Phone = "020-1234567"
	a := MustComplaint(t, s, u, tele, T0)
	other := Draft("Straat")
	other.Category = "street_recruitment"
	b := MustComplaint(t, s, u, other, T0)
	bare := Draft("Kaal")
	bare.Complainant.MemberNumber, bare.Complainant.Phone = "", ""
	c := MustComplaint(t, s, u, bare, T0)

	d, err := s.SetDoNotCall(ctx, a.Reference, procedure.Default().OffersDoNotCall, u.ID, T0.Add(time.Hour))
	if err != nil || d.Phone != "020-1234567" || d.MemberNumber != "MBel" {
		t.Fatalf("set = %+v, %v", d, err)
	}
	for _, x := range []struct {
		ref, key string
	}{{a.Reference, "err.dnc.already"}, {b.Reference, "err.dnc.category"}, {c.Reference, "err.dnc.no_contact"}} {
		if _, err := s.SetDoNotCall(ctx, x.ref, procedure.Default().OffersDoNotCall, u.ID, T0); keyOf(err) != x.key {
			t.Errorf("set on %s = %v, want %s", x.ref, err, x.key)
		}
	}
	if _, err := s.SetDoNotCall(ctx, "K-2099-99999", procedure.Default().OffersDoNotCall, u.ID, T0); fault.CodeOf(
		err,
	) != fault.NotFound {
		t.Errorf("set on a missing complaint = %v", err)
	}
	list, err := s.DoNotCallList(ctx, time.Time{})
	if err != nil || len(list) != 1 || list[0].Reference != a.Reference || list[0].SetBy != u.Name ||
		!list[0].SetAt.Equal(T0.Add(time.Hour)) {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if list, _ := s.DoNotCallList(ctx, T0.Add(2*time.Hour)); len(list) != 0 {
		t.Errorf("since after the entry = %+v", list)
	}
	if err := s.LiftDoNotCall(ctx, b.Reference, u.ID, T0); keyOf(err) != "err.dnc.not_set" {
		t.Errorf("lift unset = %v", err)
	}
	if err := s.LiftDoNotCall(ctx, a.Reference, u.ID, T0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.DoNotCallList(ctx, time.Time{}); len(list) != 0 {
		t.Errorf("lifted entry still listed: %+v", list)
	}
	// Set again after the lift: a new entry.
	if _, err := s.SetDoNotCall(ctx, a.Reference, procedure.Default().OffersDoNotCall, u.ID, T0.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	events, err := s.Timeline(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
	}
	if n := len(kinds); n < 3 || kinds[n-3] != "do_not_call" || kinds[n-2] != "do_not_call_lifted" ||
		kinds[n-1] != "do_not_call" {
		t.Errorf("timeline = %v", kinds)
	}
}

// keyOf is the message key of a fault, "" for other errors.
func keyOf(err error) string {
	if f, ok := fault.As(err); ok {
		return f.Key
	}
	return ""
}
