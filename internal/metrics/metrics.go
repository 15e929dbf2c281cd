// Package metrics keeps klacht's counters and histograms and writes them
// in the Prometheus text format (version 0.0.4), with the standard
// library: request latency per route, background work per job, and
// gauges read from the database when scraped.
package metrics

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buckets are the upper bounds of request latency, in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

// Registry holds the process's metrics.
type Registry struct {
	mu       sync.Mutex
	requests map[[3]string]*histogram // route, method, status class
	jobRuns  map[[2]string]uint64     // job, result (ok, failed)
	webhooks map[string]uint64        // attempts by result (delivered, failed)
	started  time.Time
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{requests: map[[3]string]*histogram{}, jobRuns: map[[2]string]uint64{}, webhooks: map[string]uint64{},
		started: time.Now()}
}

// Default is the process's registry: the web server and the background
// work report to it.
var Default = NewRegistry()

// ObserveRequest records a served request.
func (r *Registry) ObserveRequest(route, method string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	key := [3]string{route, method, strconv.Itoa(status/100) + "xx"}
	secs := d.Seconds()
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.requests[key]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets)+1)}
		r.requests[key] = h
	}
	i := sort.SearchFloat64s(buckets, secs)
	h.counts[i]++
	h.sum += secs
	h.n++
}

// JobRan records a tick of background work.
func (r *Registry) JobRan(job string, err error) {
	result := "ok"
	if err != nil {
		result = "failed"
	}
	r.mu.Lock()
	r.jobRuns[[2]string{job, result}]++
	r.mu.Unlock()
}

// WebhookAttempt records an attempt at a webhook delivery.
func (r *Registry) WebhookAttempt(delivered bool) {
	result := "delivered"
	if !delivered {
		result = "failed"
	}
	r.mu.Lock()
	r.webhooks[result]++
	r.mu.Unlock()
}

// Gauge is a value read at scrape time, with its labels.
type Gauge struct {
	Name, Help string
	Labels     map[string]string
	Value      float64
}

// Write writes every metric, then gauges, in the text format.
func (r *Registry) Write(w io.Writer, gauges []Gauge) error {
	var b strings.Builder
	r.mu.Lock()
	b.WriteString(
		"# HELP klacht_http_request_duration_seconds Time to answer a request, by route.\n# TYPE klacht_http_request_duration_seconds histogram\n",
	)
	keys := make([][3]string, 0, len(r.requests))
	for k := range r.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return strings.Join(keys[i][:], "|") < strings.Join(keys[j][:], "|") })
	for _, k := range keys {
		h := r.requests[k]
		labels := fmt.Sprintf(`route=%s,method=%s,code=%s`, quote(k[0]), quote(k[1]), quote(k[2]))
		var cum uint64
		for i, le := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(
				&b,
				"klacht_http_request_duration_seconds_bucket{%s,le=\"%s\"} %d\n",
				labels,
				strconv.FormatFloat(le, 'g', -1, 64),
				cum,
			)
		}
		fmt.Fprintf(&b, "klacht_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels, h.n)
		fmt.Fprintf(&b, "klacht_http_request_duration_seconds_sum{%s} %s\n", labels, num(h.sum))
		fmt.Fprintf(&b, "klacht_http_request_duration_seconds_count{%s} %d\n", labels, h.n)
	}
	b.WriteString(
		"# HELP klacht_job_runs_total Ticks of background work, by job and result.\n# TYPE klacht_job_runs_total counter\n",
	)
	jobs := make([][2]string, 0, len(r.jobRuns))
	for k := range r.jobRuns {
		jobs = append(jobs, k)
	}
	sort.Slice(jobs, func(i, j int) bool { return jobs[i][0]+jobs[i][1] < jobs[j][0]+jobs[j][1] })
	for _, k := range jobs {
		fmt.Fprintf(&b, "klacht_job_runs_total{job=%s,result=%s} %d\n", quote(k[0]), quote(k[1]), r.jobRuns[k])
	}
	b.WriteString("# HELP klacht_webhook_attempts_total Attempts at webhook deliveries by this process, by result.\n" +
		"# TYPE klacht_webhook_attempts_total counter\n")
	for _, result := range []string{"delivered", "failed"} {
		fmt.Fprintf(&b, "klacht_webhook_attempts_total{result=%s} %d\n", quote(result), r.webhooks[result])
	}
	fmt.Fprintf(
		&b,
		"# HELP klacht_uptime_seconds Time since this process started.\n# TYPE klacht_uptime_seconds gauge\nklacht_uptime_seconds %s\n",
		num(time.Since(r.started).Seconds()),
	)
	r.mu.Unlock()
	seen := map[string]bool{}
	for _, g := range gauges {
		if !seen[g.Name] {
			fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", g.Name, g.Help, g.Name)
			seen[g.Name] = true
		}
		b.WriteString(g.Name)
		if len(g.Labels) > 0 {
			names := make([]string, 0, len(g.Labels))
			for k := range g.Labels {
				names = append(names, k)
			}
			sort.Strings(names)
			parts := make([]string, len(names))
			for i, k := range names {
				parts[i] = k + "=" + quote(g.Labels[k])
			}
			b.WriteString("{" + strings.Join(parts, ",") + "}")
		}
		b.WriteString(" " + num(g.Value) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func num(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
