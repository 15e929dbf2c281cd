package auth

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignedLink(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tok := SignLink(key, "expert", 42, now.Add(48*time.Hour))
	if id, err := VerifyLink(key, "expert", tok, now); err != nil || id != 42 {
		t.Fatalf("verify = %d, %v", id, err)
	}
	parts := strings.Split(tok, ".")
	id, mac := parts[0], parts[2]
	for name, bad := range map[string]string{
		"other id":      "43." + strings.SplitN(tok, ".", 2)[1],
		"longer expiry": id + ".9999999999." + mac,
		"damaged mac":   tok[:len(tok)-1] + "A",
		"no mac":        id + "." + parts[1],
		"empty":         "",
		"garbage":       "a.b.c",
	} {
		if _, err := VerifyLink(key, "expert", bad, now); !errors.Is(err, ErrBadLink) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := VerifyLink(key, "status", tok, now); !errors.Is(err, ErrBadLink) {
		t.Error("a link for one purpose opens another")
	}
	if _, err := VerifyLink([]byte("another key, another server farm"), "expert", tok, now); !errors.Is(err, ErrBadLink) {
		t.Error("a link checks under another key")
	}
	if _, err := VerifyLink(key, "expert", tok, now.Add(48*time.Hour)); !errors.Is(err, ErrBadLink) {
		t.Error("an expired link opens")
	}
}
