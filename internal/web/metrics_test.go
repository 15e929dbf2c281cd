package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/klacht/klacht/internal/auth"
)

// TestMetrics: /metrics is read by Prometheus's own text-format parser,
// with latency by route pattern (never by path), the outbox, overdue
// complaints, webhook deliveries, the Go runtime and the process; only for
// an administrator.
func TestMetrics(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	c := e.mustCreate(validComplaint())
	e.api(http.MethodGet, "/api/v1/complaints/"+c.Reference, auth.RoleAgent, nil)
	res := e.api(http.MethodGet, "/metrics", auth.RoleAdmin, nil)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics = %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("not the text format: %v\n%s", err, res.Body)
	}
	// value finds the metric of family name with labels (name=value pairs).
	value := func(name string, labels ...string) (*dto.Metric, bool) {
		f, ok := families[name]
		if !ok {
			return nil, false
		}
	next:
		for _, m := range f.GetMetric() {
			have := map[string]string{}
			for _, l := range m.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			for i := 0; i+1 < len(labels); i += 2 {
				if have[labels[i]] != labels[i+1] {
					continue next
				}
			}
			return m, true
		}
		return nil, false
	}
	for _, want := range []struct {
		name   string
		labels []string
		value  float64 // -1: any
	}{
		{"klacht_http_request_duration_seconds", []string{"route", "GET /api/v1/complaints/{reference}", "method", "GET", "code", "2xx"}, -1},
		{"klacht_http_request_duration_seconds", []string{"route", "POST /api/v1/complaints", "code", "2xx"}, -1},
		{"klacht_outbox_depth", []string{"channel", "email"}, 1},
		{"klacht_complaints_overdue", nil, 0},
		{"klacht_webhook_deliveries", []string{"status", "pending"}, 0},
		{"klacht_webhook_attempts_total", []string{"result", "failed"}, -1},
		{"klacht_mail_intake", []string{"outcome", "quarantine"}, 0},
		{"klacht_go_goroutines", nil, -1},
		{"klacht_process_resident_bytes", nil, -1},
		{"klacht_uptime_seconds", nil, -1},
		{"go_goroutines", nil, -1},
		{"process_resident_memory_bytes", nil, -1},
	} {
		m, ok := value(want.name, want.labels...)
		if !ok {
			t.Errorf("metrics lack %s%v", want.name, want.labels)
			continue
		}
		if want.value >= 0 && m.GetGauge().GetValue() != want.value {
			t.Errorf("%s%v = %v, want %v", want.name, want.labels, m.GetGauge().GetValue(), want.value)
		}
	}
	if h := families["klacht_http_request_duration_seconds"]; h.GetType() != dto.MetricType_HISTOGRAM {
		t.Errorf("request duration is a %v", h.GetType())
	}
	if strings.Contains(string(res.Body), c.Reference) {
		t.Error("a reference became a label")
	}
	wantProblem(t, e.api(http.MethodGet, "/metrics", auth.RoleManager, nil), 403, "")
}
