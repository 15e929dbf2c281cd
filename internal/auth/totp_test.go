package auth

import (
	"testing"
	"time"
)

// RFC 6238 appendix B's SHA-1 vectors, on its 20-byte ASCII secret.
func TestTOTPVectors(t *testing.T) {
	secret := b32.EncodeToString([]byte("12345678901234567890"))
	for unix, want := range map[int64]string{59: "94287082", 1111111109: "07081804", 1111111111: "14050471", 1234567890: "89005924", 2000000000: "69279037", 20000000000: "65353130"} {
		got, err := TOTPCode(secret, TOTPStep(time.Unix(unix, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if got != want[2:] { // six digits: the last six of the RFC's eight
			t.Errorf("at %d: %s, want %s", unix, got, want[2:])
		}
	}
}

func TestVerifyTOTP(t *testing.T) {
	secret, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 10, 0, time.UTC)
	code, _ := TOTPCode(secret, TOTPStep(now))
	step, ok := VerifyTOTP(secret, code[:3]+" "+code[3:], now, 0)
	if !ok || step != TOTPStep(now) {
		t.Fatal("a good code was refused")
	}
	if _, ok := VerifyTOTP(secret, code, now, step); ok {
		t.Error("a code was accepted twice")
	}
	if _, ok := VerifyTOTP(secret, code, now.Add(29*time.Second), 0); !ok {
		t.Error("one step of drift was refused")
	}
	if _, ok := VerifyTOTP(secret, code, now.Add(2*time.Minute), 0); ok {
		t.Error("an old code was accepted")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := VerifyTOTP(secret, bad, now, 0); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}
