package call

import "testing"

func TestEventCheck(t *testing.T) {
	for _, c := range []struct {
		in    Event
		kind  string
		state string
		bad   bool
	}{
		{Event{Kind: "newCall", CallID: "c1", From: "0201234567", Direction: "in"}, "new", Ringing, false},
		{Event{Kind: "new", CallID: "c1", From: "0201234567"}, "new", Ringing, false},
		{Event{Kind: "answer", CallID: "c1"}, "answered", Answered, false},
		{Event{Kind: "hangup", CallID: "c1", Cause: "normalClearing"}, "hangup", Ended, false},
		{Event{Kind: "explode", CallID: "c1"}, "", "", true},
		{Event{Kind: "new", From: "0201234567"}, "", "", true},
		{Event{Kind: "new", CallID: "c1"}, "", "", true},
		{Event{Kind: "new", CallID: "c1", From: "1", Direction: "sideways"}, "", "", true},
	} {
		e, err := c.in.Check()
		if (err != nil) != c.bad {
			t.Errorf("%+v: %v", c.in, err)
			continue
		}
		if !c.bad && (e.Kind != c.kind || e.State() != c.state) {
			t.Errorf("%+v: kind %q state %q", c.in, e.Kind, e.State())
		}
	}
	if (Call{Direction: "out", From: "a", To: "b"}).Caller() != "b" {
		t.Error("the caller of an outgoing call is who was called")
	}
}
