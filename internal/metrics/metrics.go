// Package metrics keeps klacht's counters and histograms in a Prometheus
// registry (github.com/prometheus/client_golang): request latency per
// route, background work per job, webhook attempts, the Go runtime and the
// process. Gauges read from the database are a Collector the web server
// adds when it serves /metrics. The metric names are klacht's own since
// its first /metrics, so dashboards keep working.
package metrics

import (
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds the process's metrics.
type Registry struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
	jobRuns  *prometheus.CounterVec
	webhooks *prometheus.CounterVec
}

// NewRegistry returns a registry with klacht's metrics and the Go runtime
// and process collectors.
func NewRegistry() *Registry {
	started := time.Now()
	r := &Registry{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "klacht_http_request_duration_seconds",
			Help:    "Time to answer a request, by route.",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}, []string{"route", "method", "code"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "klacht_job_runs_total",
			Help: "Ticks of background work, by job and result.",
		}, []string{"job", "result"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "klacht_webhook_attempts_total",
			Help: "Attempts at webhook deliveries by this process, by result.",
		}, []string{"result"}),
	}
	r.reg.MustRegister(
		r.requests, r.jobRuns, r.webhooks,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "klacht_uptime_seconds", Help: "Time since this process started."},
			func() float64 { return time.Since(started).Seconds() }),
		// klacht's own names for what the Go and process collectors also
		// tell, kept for the dashboards made before them.
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "klacht_go_goroutines", Help: "Goroutines of this process."},
			func() float64 { return float64(runtime.NumGoroutine()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "klacht_go_heap_bytes", Help: "Heap in use by this process."},
			func() float64 {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				return float64(m.HeapInuse)
			}),
	)
	if _, ok := residentBytes(); ok {
		r.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "klacht_process_resident_bytes",
			Help: "Resident memory of this process."}, func() float64 { n, _ := residentBytes(); return float64(n) }))
	}
	for _, result := range []string{"delivered", "failed"} {
		r.webhooks.WithLabelValues(result) // present from the start, at 0
	}
	return r
}

// Default is the process's registry: the web server and the background
// work report to it.
var Default = NewRegistry()

// ObserveRequest records a served request.
func (r *Registry) ObserveRequest(route, method string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	r.requests.WithLabelValues(route, method, strconv.Itoa(status/100)+"xx").Observe(d.Seconds())
}

// JobRan records a tick of background work.
func (r *Registry) JobRan(job string, err error) {
	result := "ok"
	if err != nil {
		result = "failed"
	}
	r.jobRuns.WithLabelValues(job, result).Inc()
}

// WebhookAttempt records an attempt at a webhook delivery.
func (r *Registry) WebhookAttempt(delivered bool) {
	result := "delivered"
	if !delivered {
		result = "failed"
	}
	r.webhooks.WithLabelValues(result).Inc()
}

// Handler serves the registry and more (the database's gauges) in the
// Prometheus exposition formats; a collector's error is logged by errorLog
// and the rest is still served.
func (r *Registry) Handler(errorLog promhttp.Logger, more ...prometheus.Collector) http.Handler {
	extra := prometheus.NewRegistry()
	extra.MustRegister(more...)
	return promhttp.HandlerFor(prometheus.Gatherers{r.reg, extra},
		promhttp.HandlerOpts{ErrorLog: errorLog, ErrorHandling: promhttp.ContinueOnError})
}

// residentBytes reads this process's resident memory on Linux.
func residentBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
