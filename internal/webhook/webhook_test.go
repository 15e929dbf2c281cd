package webhook

import (
	"testing"
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

// The specification's own example: its secret, message, time and body
// give its signature.
func TestSignSpecificationExample(t *testing.T) {
	sig, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
		time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; sig != want {
		t.Errorf("signature %s, want %s", sig, want)
	}
}

func TestSecrets(t *testing.T) {
	s, err := NewSecret()
	if err != nil || !ValidSecret(s) {
		t.Fatalf("new secret %q invalid: %v", s, err)
	}
	for _, bad := range []string{"", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_short", "whsec_!!!!"} {
		if ValidSecret(bad) {
			t.Errorf("%q taken as a secret", bad)
		}
		if _, err := Sign(bad, "msg_1", time.Now(), nil); err == nil {
			t.Errorf("%q signs", bad)
		}
	}
	if a, b := NewMessageID(), NewMessageID(); a == b || len(a) != 28 {
		t.Errorf("message ids %q, %q", a, b)
	}
}

func TestTypeOf(t *testing.T) {
	moved := func(from, to complaint.Status) complaint.Event {
		return complaint.Event{Kind: complaint.EventStatusChanged, Data: map[string]any{"from": string(from), "to": string(to)}}
	}
	for _, c := range []struct {
		e    complaint.Event
		want string
		ok   bool
	}{
		{complaint.Event{Kind: complaint.EventRegistered}, ComplaintRegistered, true},
		{complaint.Event{Kind: complaint.EventAssigned}, ComplaintAssigned, true},
		{complaint.Event{Kind: complaint.EventEscalated}, ComplaintTermEscalated, true},
		{complaint.Event{Kind: complaint.EventDoNotCallLifted}, DoNotCallLifted, true},
		{moved(complaint.Registered, complaint.InProgress), ComplaintStatusChanged, true},
		{moved(complaint.InProgress, complaint.Handled), ComplaintHandled, true},
		{moved(complaint.Handled, complaint.Closed), ComplaintClosed, true},
		{moved(complaint.Registered, complaint.Closed), ComplaintClosed, true},
		{moved(complaint.Handled, complaint.InProgress), ComplaintReopened, true},
		{moved(complaint.Closed, complaint.InProgress), ComplaintReopened, true},
		{complaint.Event{Kind: complaint.EventNote}, "", false},
		{complaint.Event{Kind: complaint.EventMailFailed}, "", false},
	} {
		got, ok := TypeOf(c.e)
		if got != c.want || ok != c.ok {
			t.Errorf("%s %v: %q %v, want %q %v", c.e.Kind, c.e.Data, got, ok, c.want, c.ok)
		}
		if ok && !Known(got) {
			t.Errorf("%q is not in Types", got)
		}
	}
}

func TestWants(t *testing.T) {
	for _, c := range []struct {
		types []string
		t     string
		want  bool
	}{
		{nil, ComplaintRegistered, true},
		{[]string{ComplaintHandled}, ComplaintHandled, true},
		{[]string{ComplaintHandled}, ComplaintClosed, false},
	} {
		if got := Wants(c.types, c.t); got != c.want {
			t.Errorf("Wants(%v, %s) = %v", c.types, c.t, got)
		}
	}
}

func TestRetry(t *testing.T) {
	var total time.Duration
	for n := 1; ; n++ {
		d, ok := Retry(n)
		if !ok {
			if n != 8 {
				t.Errorf("given up after %d attempts, want 8", n)
			}
			break
		}
		total += d
	}
	if total < 27*time.Hour || total > 28*time.Hour {
		t.Errorf("retries span %v", total)
	}
	if _, ok := Retry(0); ok {
		t.Error("retry before any attempt")
	}
}
