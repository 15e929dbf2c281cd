package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

// TestMetrics: /metrics speaks Prometheus's text format, with latency by
// route pattern (never by path), the outbox, overdue complaints and
// memory; only for an administrator.
func TestMetrics(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	c := e.mustCreate(validComplaint())
	e.api(http.MethodGet, "/api/v1/complaints/"+c.Reference, auth.RoleAgent, nil)
	res := e.api(http.MethodGet, "/metrics", auth.RoleAdmin, nil)
	body := string(res.Body)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics = %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`klacht_http_request_duration_seconds_bucket{route="GET /api/v1/complaints/{reference}",method="GET",code="2xx",le="+Inf"} `,
		`klacht_http_request_duration_seconds_count{route="POST /api/v1/complaints",method="POST",code="2xx"}`,
		`klacht_outbox_depth{channel="email"} 1`, "klacht_complaints_overdue 0", "# TYPE klacht_http_request_duration_seconds histogram",
		"klacht_go_goroutines", "klacht_process_resident_bytes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, c.Reference) {
		t.Error("a reference became a label")
	}
	// Every line is a comment or name{labels} value.
	line := regexp.MustCompile(`^(# (HELP|TYPE) .+|[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)+\})? [-+0-9.eInf]+)$`)
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if !line.MatchString(l) {
			t.Errorf("not the text format: %q", l)
		}
	}
	wantProblem(t, e.api(http.MethodGet, "/metrics", auth.RoleManager, nil), 403, "")
}
