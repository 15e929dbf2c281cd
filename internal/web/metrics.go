package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/klacht/klacht/internal/store"
)

// metrics answers Prometheus: request latency by route, background work
// and webhook attempts of this process, the Go runtime and the process;
// outbox depth, overdue complaints, mail intake and webhook deliveries from
// the database, which every server shares.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	s.metricsHandler.ServeHTTP(w, r)
}

// dbCollector reads the database's gauges when Prometheus scrapes.
type dbCollector struct {
	store *store.Store
	now   func() time.Time
	log   *slog.Logger
}

var (
	outboxDepth = prometheus.NewDesc("klacht_outbox_depth",
		"Messages waiting: e-mails to send, letters to print.", []string{"channel"}, nil)
	overdueComplaints = prometheus.NewDesc("klacht_complaints_overdue", "Open complaints past their term.", nil, nil)
	mailIntake        = prometheus.NewDesc("klacht_mail_intake",
		"Mails read from the mailbox by every server, by outcome: complaint, addition, quarantine, duplicate.",
		[]string{"outcome"}, nil)
	webhookDeliveries = prometheus.NewDesc("klacht_webhook_deliveries",
		"Webhook deliveries waiting to be sent, and given up after every retry.", []string{"status"}, nil)
	replicaReads = prometheus.NewDesc("klacht_db_replica_reads_total", "Search and report reads meant for the replica, "+
		"by where they were served: the replica, or the primary while the replica could not be reached.",
		[]string{"served_by"}, nil)
)

func (c dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{outboxDepth, overdueComplaints, mailIntake, webhookDeliveries, replicaReads} {
		ch <- d
	}
}

// Collect reads each gauge; one the database cannot give is reported as an
// error of its own, and the others are still served.
func (c dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(store.Unscoped(context.Background()), 10*time.Second)
	defer cancel()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	failed := func(d *prometheus.Desc, err error) {
		c.log.WarnContext(ctx, "metrics", "err", err)
		ch <- prometheus.NewInvalidMetric(d, err)
	}
	if emails, letters, err := c.store.OutboxDepth(ctx); err != nil {
		failed(outboxDepth, err)
	} else {
		gauge(outboxDepth, float64(emails), "email")
		gauge(outboxDepth, float64(letters), "letter")
	}
	if n, err := c.store.CountComplaints(ctx, store.Filter{Overdue: true, Now: c.now()}); err != nil {
		failed(overdueComplaints, err)
	} else {
		gauge(overdueComplaints, float64(n))
	}
	if intake, err := c.store.IntakeCounts(ctx); err != nil {
		failed(mailIntake, err)
	} else {
		for _, o := range store.IntakeOutcomes {
			gauge(mailIntake, float64(intake[o]), o)
		}
	}
	if pending, given, err := c.store.WebhookQueue(ctx); err != nil {
		failed(webhookDeliveries, err)
	} else {
		gauge(webhookDeliveries, float64(pending), "pending")
		gauge(webhookDeliveries, float64(given), "failed")
	}
	if served, fellBack := c.store.ReplicaReads(); served+fellBack > 0 {
		ch <- prometheus.MustNewConstMetric(replicaReads, prometheus.CounterValue, float64(served), "replica")
		ch <- prometheus.MustNewConstMetric(replicaReads, prometheus.CounterValue, float64(fellBack), "primary")
	}
}
