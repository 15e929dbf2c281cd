package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
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

// TestRequestID: every answer names its request; a problem carries the same
// id, and the log line of a failed request too; a proxy's id is kept, a
// hostile one replaced.
func TestRequestID(t *testing.T) {
	var logs bytes.Buffer
	e := newEnv(t, sqliteOnly)
	srv, err := New(Config{Store: e.store, Profile: e.srv.Profile(), Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now: e.clock.Now, BaseURL: "http://klacht.test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/complaints", strings.NewReader(`{`))
	req.Header.Set("Authorization", "Bearer "+e.tokens[auth.RoleAgent])
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var p struct {
		RequestID string `json:"request_id"`
	}
	json.NewDecoder(res.Body).Decode(&p)
	id := res.Header.Get("X-Request-Id")
	if len(id) != 16 || p.RequestID != id {
		t.Errorf("answer's id %q, problem's %q", id, p.RequestID)
	}
	for given, kept := range map[string]bool{"proxy-4f2a9c11": true, "<script>": false, "short": false} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/healthz", nil)
		req.Header.Set("X-Request-Id", given)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-Request-Id"); (got == given) != kept || got == "" {
			t.Errorf("X-Request-Id %q answered as %q", given, got)
		}
	}
	// A log line written while serving carries the id.
	req, _ = http.NewRequest(http.MethodGet, ts.URL+"/api/v1/complaints?limit=9999", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[auth.RoleAgent])
	req.Header.Set("X-Request-Id", "trace-0123456789")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
	}
	if !strings.Contains(logs.String(), `"request_id":"trace-0123456789"`) {
		t.Errorf("no log line carries the request's id:\n%s", logs.String())
	}
}
