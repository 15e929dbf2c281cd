package web

import (
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/klacht/klacht/internal/metrics"
	"github.com/klacht/klacht/internal/store"
)

// metrics answers Prometheus: request latency by route and background
// work from this process; outbox depth and overdue complaints from the
// database, which every server shares; memory of this process.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	ctx := store.Unscoped(r.Context())
	emails, letters, err := s.Store.OutboxDepth(ctx)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	overdue, err := s.Store.CountComplaints(ctx, store.Filter{Overdue: true, Now: s.Now()})
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	intake, err := s.Store.IntakeCounts(ctx)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	hooksPending, hooksFailed, err := s.Store.WebhookQueue(ctx)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	gauges := []metrics.Gauge{
		{
			Name:   "klacht_outbox_depth",
			Help:   "Messages waiting: e-mails to send, letters to print.",
			Labels: map[string]string{"channel": "email"},
			Value:  float64(emails),
		},
		{Name: "klacht_outbox_depth", Labels: map[string]string{"channel": "letter"}, Value: float64(letters)},
		{
			Name:   "klacht_webhook_deliveries",
			Help:   "Webhook deliveries waiting to be sent, and given up after every retry.",
			Labels: map[string]string{"status": "pending"},
			Value:  float64(hooksPending),
		},
		{Name: "klacht_webhook_deliveries", Labels: map[string]string{"status": "failed"}, Value: float64(hooksFailed)},
		{Name: "klacht_complaints_overdue", Help: "Open complaints past their term.", Value: float64(overdue)},
		{Name: "klacht_go_goroutines", Help: "Goroutines of this process.", Value: float64(runtime.NumGoroutine())},
		{Name: "klacht_go_heap_bytes", Help: "Heap in use by this process.", Value: float64(mem.HeapInuse)},
	}
	for i, o := range store.IntakeOutcomes {
		g := metrics.Gauge{Name: "klacht_mail_intake", Labels: map[string]string{"outcome": o}, Value: float64(intake[o])}
		if i == 0 {
			g.Help = "Mails read from the mailbox by every server, by outcome: complaint, addition, quarantine, duplicate."
		}
		gauges = append(gauges, g)
	}
	if served, fellBack := s.Store.ReplicaReads(); served+fellBack > 0 {
		gauges = append(gauges,
			metrics.Gauge{Name: "klacht_db_replica_reads_total", Help: "Search and report reads meant for the replica, " +
				"by where they were served: the replica, or the primary while the replica could not be reached.",
				Labels: map[string]string{"served_by": "replica"}, Value: float64(served)},
			metrics.Gauge{Name: "klacht_db_replica_reads_total", Labels: map[string]string{"served_by": "primary"},
				Value: float64(fellBack)})
	}
	if rss, ok := residentBytes(); ok {
		gauges = append(
			gauges,
			metrics.Gauge{Name: "klacht_process_resident_bytes", Help: "Resident memory of this process.", Value: float64(rss)},
		)
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	if err := metrics.Default.Write(w, gauges); err != nil {
		s.Log.WarnContext(r.Context(), "write metrics", "err", err)
	}
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
