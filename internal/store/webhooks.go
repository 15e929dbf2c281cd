package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/webhook"
)

// Outgoing webhooks: endpoints, and the deliveries written beside the
// change they tell of. A delivery is written in the change's transaction,
// so what happened is told (at least once) and what was rolled back never
// is; the webhooks job sends them.

const endpointColumns = `id, url, description, types, role, secret, active, created_at, updated_at`

func scanEndpoint(r interface{ Scan(...any) error }) (webhook.Endpoint, error) {
	var e webhook.Endpoint
	var types, role string
	var active int
	err := r.Scan(&e.ID, &e.URL, &e.Description, &types, &role, &e.Secret, &active,
		timeCol{&e.CreatedAt}, timeCol{&e.UpdatedAt})
	e.Types, e.Role, e.Active = strings.Fields(types), auth.Role(role), active == 1
	return e, err
}

func activeInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Endpoints lists the registered endpoints, oldest first.
func (s *Store) Endpoints(ctx context.Context) ([]webhook.Endpoint, error) {
	es, err := collect(ctx, s.reader(), scanEndpoint, `SELECT `+endpointColumns+` FROM webhook_endpoints ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("webhook endpoints: %w", err)
	}
	return es, nil
}

// ErrEndpointNotFound is an endpoint id nobody registered.
var ErrEndpointNotFound = fault.New(fault.NotFound, "err.webhook.not_found")

// Endpoint is the endpoint with id.
func (s *Store) Endpoint(ctx context.Context, id int64) (webhook.Endpoint, error) {
	e, err := scanEndpoint(s.reader().queryRow(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrEndpointNotFound
	}
	if err != nil {
		return e, fmt.Errorf("webhook endpoint %d: %w", id, err)
	}
	return e, nil
}

// SaveEndpoint registers e (ID 0) or changes it, and returns it as stored.
func (s *Store) SaveEndpoint(ctx context.Context, e webhook.Endpoint, now time.Time) (webhook.Endpoint, error) {
	err := s.inTx(ctx, func(c conn) error {
		types := strings.Join(e.Types, " ")
		if e.ID == 0 {
			err := c.queryRow(ctx, `INSERT INTO webhook_endpoints (url, description, types, role, secret, active, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.URL, e.Description, types, string(e.Role), e.Secret,
				activeInt(e.Active), now, now).Scan(&e.ID)
			if err != nil {
				return err
			}
			return appendAudit(ctx, c, audit.Entry{At: now, Action: "webhook.registered", Object: audit.Object("webhook", e.ID)})
		}
		res, err := c.exec(ctx, `UPDATE webhook_endpoints SET url = ?, description = ?, types = ?, role = ?, secret = ?,
			active = ?, updated_at = ? WHERE id = ?`, e.URL, e.Description, types, string(e.Role), e.Secret,
			activeInt(e.Active), now, e.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrEndpointNotFound
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "webhook.changed", Object: audit.Object("webhook", e.ID)})
	})
	if err != nil {
		return e, fmt.Errorf("save webhook endpoint: %w", err)
	}
	return s.Endpoint(ctx, e.ID)
}

// DeleteEndpoint removes an endpoint and its deliveries.
func (s *Store) DeleteEndpoint(ctx context.Context, id int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		var found int64
		err := c.queryRow(ctx, `SELECT id FROM webhook_endpoints WHERE id = ?`, id).Scan(&found)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrEndpointNotFound
		}
		if err != nil {
			return fmt.Errorf("delete webhook endpoint: %w", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM webhook_deliveries WHERE endpoint_id = ?`, id); err != nil {
			return fmt.Errorf("delete webhook deliveries: %w", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM webhook_endpoints WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete webhook endpoint: %w", err)
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "webhook.deleted", Object: audit.Object("webhook", id)})
	})
}

// webhookMessage is one event to tell every endpoint that wants it.
type webhookMessage struct {
	Type        string
	Subject     string // deliveries of one subject go in order
	ComplaintID int64  // 0 for events about no complaint
	At          time.Time
	// Data is the payload's data as role r sees it; nil: r is not told.
	Data func(r auth.Role) any
}

// tellWebhooks writes a delivery of each message to each active endpoint
// that wants it, in the caller's transaction.
func tellWebhooks(ctx context.Context, tx conn, msgs ...webhookMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	endpoints, err := activeEndpoints(ctx, tx)
	if err != nil {
		return err
	}
	return enqueueWebhooks(ctx, tx, endpoints, msgs)
}

// enqueueWebhooks writes the deliveries of msgs to endpoints.
func enqueueWebhooks(ctx context.Context, tx conn, endpoints []webhook.Endpoint, msgs []webhookMessage) error {
	var rows [][]any
	for _, m := range msgs {
		id := webhook.NewMessageID()
		for _, e := range endpoints {
			if !webhook.Wants(e.Types, m.Type) {
				continue
			}
			data := m.Data(e.Role)
			if data == nil {
				continue
			}
			body, err := json.Marshal(webhook.Payload{Type: m.Type, Timestamp: m.At.UTC(), Data: data})
			if err != nil {
				return fmt.Errorf("webhook payload: %w", err)
			}
			rows = append(rows, []any{e.ID, id, m.Type, m.Subject, nullID(m.ComplaintID), string(body),
				webhook.Pending, m.At, m.At})
		}
	}
	return insertRows(ctx, tx, "webhook_deliveries", deliveryCols, rows, "", nil)
}

var deliveryCols = []string{"endpoint_id", "msg_id", "event_type", "subject", "complaint_id", "payload",
	"status", "next_attempt_at", "created_at"}

// activeEndpoints are the endpoints deliveries are written for. They are
// read in every transaction that tells of something, not kept: an endpoint
// registered on another server is told from its first moment.
func activeEndpoints(ctx context.Context, tx conn) ([]webhook.Endpoint, error) {
	es, err := collect(ctx, tx, scanEndpoint, `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE active = 1`)
	if err != nil {
		return nil, fmt.Errorf("webhook endpoints: %w", err)
	}
	return es, nil
}

// complaintWebhooks tells of the batch's events that other systems hear
// of: each with the complaint as it stands, as each endpoint's role sees
// it, and only to roles that see the complaint at all.
func complaintWebhooks(ctx context.Context, tx conn, batch []eventsOf) error {
	type told struct {
		id int64
		e  complaint.Event
		t  string
	}
	var events []told
	var ids []int64
	seen := map[int64]bool{}
	for _, b := range batch {
		for _, e := range b.events {
			if t, ok := webhook.TypeOf(e); ok {
				if !seen[b.complaintID] {
					seen[b.complaintID] = true
					ids = append(ids, b.complaintID)
				}
				events = append(events, told{b.complaintID, e, t})
			}
		}
	}
	if len(events) == 0 {
		return nil
	}
	// Asked as one row first: a batch's pipeline sends it with the writes
	// before it, where the endpoints' rows would wait for them.
	var some bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active = 1)`).Scan(&some); err != nil {
		return fmt.Errorf("webhook endpoints: %w", err)
	}
	if !some {
		return nil
	}
	endpoints, err := activeEndpoints(ctx, tx)
	if err != nil || len(endpoints) == 0 {
		return err
	}
	in, args := inList(ids)
	found, err := collect(ctx, tx, scanComplaint, `SELECT `+complaintColumns+complaintFrom+` WHERE c.id IN `+in, args...)
	if err != nil {
		return fmt.Errorf("webhook complaints: %w", err)
	}
	complaints := make(map[int64]complaint.Complaint, len(found))
	for _, c := range found {
		complaints[c.ID] = c
	}
	// Which of the complaints each role sees, asked once per role.
	sees := map[auth.Role]map[int64]bool{}
	for _, e := range endpoints {
		if _, done := sees[e.Role]; done {
			continue
		}
		v := auth.VisibilityOf(e.Role)
		cond, condArgs := rowsCond(v.Rows, 0)
		visible := map[int64]bool{}
		if v.Rows == auth.AllRows {
			for id := range complaints {
				visible[id] = true
			}
		} else if cond != "" {
			vis, err := collect(ctx, tx, func(r interface{ Scan(...any) error }) (int64, error) {
				var id int64
				return id, r.Scan(&id)
			}, `SELECT c.id FROM complaints c WHERE c.id IN `+in+` AND `+cond, append(args, condArgs...)...)
			if err != nil {
				return fmt.Errorf("webhook need to know: %w", err)
			}
			for _, id := range vis {
				visible[id] = true
			}
		}
		sees[e.Role] = visible
	}
	msgs := make([]webhookMessage, 0, len(events))
	for _, ev := range events {
		c, ok := complaints[ev.id]
		if !ok {
			continue
		}
		msgs = append(msgs, webhookMessage{Type: ev.t, Subject: "complaint " + c.Reference, ComplaintID: c.ID,
			At: ev.e.At, Data: func(r auth.Role) any {
				if !sees[r][c.ID] {
					return nil
				}
				contact := auth.VisibilityOf(r).Contact
				return webhook.ComplaintData{Complaint: webhook.ViewComplaint(c, contact),
					Event: webhook.ViewEvent(ev.e, contact)}
			}})
	}
	return enqueueWebhooks(ctx, tx, endpoints, msgs)
}

const deliveryColumns = `d.id, d.endpoint_id, d.msg_id, d.event_type, d.subject, d.status, d.attempts, d.next_attempt_at,
	d.response_code, d.last_error, d.created_at, d.done_at`

func scanDelivery(r interface{ Scan(...any) error }) (webhook.Delivery, error) {
	var d webhook.Delivery
	err := r.Scan(&d.ID, &d.EndpointID, &d.MsgID, &d.Type, &d.Subject, &d.Status, &d.Attempts,
		timeCol{&d.NextAttemptAt}, &d.ResponseCode, &d.LastError, timeCol{&d.CreatedAt}, timeCol{&d.DoneAt})
	return d, err
}

// Deliveries is an endpoint's delivery log, newest first: at most limit,
// older than the delivery before (0: from the newest).
func (s *Store) Deliveries(ctx context.Context, endpointID, before int64, limit int) ([]webhook.Delivery, error) {
	if before <= 0 {
		before = 1 << 62
	}
	ds, err := collect(ctx, s.reader(), scanDelivery, `SELECT `+deliveryColumns+` FROM webhook_deliveries d
		WHERE d.endpoint_id = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?`, endpointID, before, limit)
	if err != nil {
		return nil, fmt.Errorf("webhook deliveries: %w", err)
	}
	return ds, nil
}

// ErrDeliveryNotFound is a delivery the endpoint does not have.
var ErrDeliveryNotFound = fault.New(fault.NotFound, "err.webhook.delivery_not_found")

// Resend sends a delivery again from now, as the same message (its id
// unchanged, so a receiver that has it drops it), the schedule restarted.
func (s *Store) Resend(ctx context.Context, endpointID, deliveryID int64, now time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
			lease_until = NULL, done_at = NULL WHERE id = ? AND endpoint_id = ?`, now, deliveryID, endpointID)
		if err != nil {
			return fmt.Errorf("resend webhook delivery: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrDeliveryNotFound
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "webhook.resent", Object: audit.Object("webhook", endpointID)})
	})
}

// ClaimDelivery takes the next delivery due and leases it until now+lease,
// so no other server sends it meanwhile; ok is false when none is due. A
// delivery waits while an earlier one of its subject to the same endpoint
// is pending: a receiver hears of one complaint in order. A lease that runs
// out (a server died mid-send) frees the delivery for another try, under
// the same message id.
func (s *Store) ClaimDelivery(ctx context.Context, now time.Time, lease time.Duration) (d webhook.Delivery, ok bool, err error) {
	err = s.inTx(ctx, func(c conn) error {
		id, leased, err := claimLeased(ctx, c, "webhook_deliveries", `SELECT d.id FROM webhook_deliveries d
			WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)
			AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.status = 'pending'
				AND p.endpoint_id = d.endpoint_id AND p.subject = d.subject AND p.id < d.id)
			ORDER BY d.next_attempt_at, d.id LIMIT 1`, now, lease)
		if err != nil || !leased {
			return err
		}
		d, err = scanDelivery(c.queryRow(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries d WHERE d.id = ?`, id))
		if err != nil {
			return err
		}
		var payload string
		if err := c.queryRow(ctx, `SELECT d.payload, e.url, e.secret FROM webhook_deliveries d
			JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = ?`, id).Scan(&payload, &d.URL, &d.Secret); err != nil {
			return err
		}
		d.Payload, ok = []byte(payload), true
		return nil
	})
	if err != nil {
		return d, false, fmt.Errorf("claim webhook delivery: %w", err)
	}
	return d, ok, nil
}

// DeliveryResult is how an attempt went.
type DeliveryResult struct {
	Code  int    // the endpoint's HTTP status; 0 when it did not answer
	Error string // "" when delivered
	// Next is when to try again; zero when the delivery is done (delivered,
	// or given up).
	Next time.Time
}

// RecordAttempt writes how the attempt at d went, and ends its lease.
func (s *Store) RecordAttempt(ctx context.Context, d webhook.Delivery, r DeliveryResult, now time.Time) error {
	status, next, done := webhook.Pending, r.Next, any(nil)
	switch {
	case r.Error == "":
		status, next, done = webhook.Delivered, now, now
	case r.Next.IsZero():
		status, next, done = webhook.Failed, now, now
	}
	if len(r.Error) > 500 {
		r.Error = r.Error[:500]
	}
	err := s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, lease_until = NULL,
			response_code = ?, last_error = ?, done_at = ? WHERE id = ? AND status = 'pending'`,
			status, next, r.Code, r.Error, done, d.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("record webhook attempt: %w", err)
	}
	return nil
}

// WebhookQueue counts deliveries waiting and given up, for /metrics.
func (s *Store) WebhookQueue(ctx context.Context) (pending, failed int, err error) {
	err = s.reader().queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) FROM webhook_deliveries`).Scan(&pending, &failed)
	if err != nil {
		return 0, 0, fmt.Errorf("webhook queue: %w", err)
	}
	return pending, failed, nil
}
