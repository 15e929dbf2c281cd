package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

// TestSecurityHeaders: a strict policy on every page (no inline script or
// style, no framing), no Referer from a status page, and no request body
// beyond the cap on any route.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	for _, path := range []string{"/login", "/klacht", "/status/nonsense", "/api/v1/openapi.json"} {
		res := e.page(path, "")
		csp := res.Header.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
		want := "same-origin"
		if strings.HasPrefix(path, "/status/") {
			want = "no-referrer"
		}
		if got := res.Header.Get("Referrer-Policy"); got != want {
			t.Errorf("%s: Referrer-Policy %q, want %q", path, got, want)
		}
	}
	big := bytes.Repeat([]byte("a"), maxRequestBody+1)
	res := e.do(
		http.MethodPost,
		"/api/v1/cancellations/import",
		auth.RoleMembershipAdmin,
		bytes.NewReader(big),
		map[string]string{"Content-Type": "text/csv"},
	)
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the cap = %d, want 413", res.Status)
	}
}
