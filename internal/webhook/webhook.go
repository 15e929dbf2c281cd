// Package webhook is what klacht tells other systems (a CRM, the
// membership system, a chat channel) when something happens: the event
// types, the payload, the signature of the Standard Webhooks specification
// (https://www.standardwebhooks.com) and the retry schedule. Storage writes
// a delivery in the transaction of the change; a job sends it.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
)

// The event types an endpoint can subscribe to.
const (
	ComplaintRegistered    = "complaint.registered"
	ComplaintUpdated       = "complaint.updated"
	ComplaintAssigned      = "complaint.assigned"
	ComplaintForwarded     = "complaint.forwarded"
	ComplaintStatusChanged = "complaint.status_changed" // any other move between statuses
	ComplaintHandled       = "complaint.handled"
	ComplaintClosed        = "complaint.closed"
	ComplaintReopened      = "complaint.reopened"
	ComplaintTermReminder  = "complaint.term_reminder"
	ComplaintTermEscalated = "complaint.term_escalated"
	ComplaintDelayNotice   = "complaint.delay_notice"
	ComplaintPaused        = "complaint.paused"
	ComplaintResumed       = "complaint.resumed"
	ComplaintMerged        = "complaint.merged"
	ComplaintRated         = "complaint.rated"
	AppealFiled            = "appeal.filed"
	AppealDecided          = "appeal.decided"
	DoNotCallSet           = "do_not_call.set"
	DoNotCallLifted        = "do_not_call.lifted"
	CancellationImported   = "cancellation.imported"
	CancellationCalled     = "cancellation.call_recorded"
	CancellationConcluded  = "cancellation.concluded"
	EvaluationSigned       = "evaluation.signed"
	SummaryPublished       = "summary.published"
	SubjectErased          = "subject.erased"
)

// Types lists every event type, in the order forms show them.
var Types = []string{
	ComplaintRegistered, ComplaintUpdated, ComplaintAssigned, ComplaintForwarded, ComplaintStatusChanged,
	ComplaintHandled, ComplaintClosed, ComplaintReopened, ComplaintTermReminder, ComplaintTermEscalated,
	ComplaintDelayNotice, ComplaintPaused, ComplaintResumed, ComplaintMerged, ComplaintRated,
	AppealFiled, AppealDecided, DoNotCallSet, DoNotCallLifted,
	CancellationImported, CancellationCalled, CancellationConcluded,
	EvaluationSigned, SummaryPublished, SubjectErased,
}

// Known reports whether t is an event type.
func Known(t string) bool { return slices.Contains(Types, t) }

// eventTypes are the timeline's events that other systems hear of; the
// rest (mail delivery reports, notes, expert requests) stay inside.
var eventTypes = map[complaint.EventKind]string{
	complaint.EventRegistered:      ComplaintRegistered,
	complaint.EventUpdated:         ComplaintUpdated,
	complaint.EventAssigned:        ComplaintAssigned,
	complaint.EventForwarded:       ComplaintForwarded,
	complaint.EventReminder:        ComplaintTermReminder,
	complaint.EventEscalated:       ComplaintTermEscalated,
	complaint.EventDelayNotice:     ComplaintDelayNotice,
	complaint.EventTermPaused:      ComplaintPaused,
	complaint.EventTermResumed:     ComplaintResumed,
	complaint.EventMerged:          ComplaintMerged,
	complaint.EventRated:           ComplaintRated,
	complaint.EventAppealFiled:     AppealFiled,
	complaint.EventAppealDecided:   AppealDecided,
	complaint.EventDoNotCall:       DoNotCallSet,
	complaint.EventDoNotCallLifted: DoNotCallLifted,
}

// TypeOf is the event type a timeline event is told as; ok is false for
// events other systems do not hear of.
func TypeOf(e complaint.Event) (t string, ok bool) {
	if e.Kind != complaint.EventStatusChanged {
		t, ok = eventTypes[e.Kind]
		return t, ok
	}
	from, _ := e.Data["from"].(string)
	to, _ := e.Data["to"].(string)
	done := func(s string) bool {
		return s == string(complaint.Handled) || s == string(complaint.Closed)
	}
	switch {
	case done(from) && !done(to):
		return ComplaintReopened, true
	case to == string(complaint.Handled):
		return ComplaintHandled, true
	case to == string(complaint.Closed):
		return ComplaintClosed, true
	}
	return ComplaintStatusChanged, true
}

// Wants reports whether an endpoint subscribed to types (none: every
// type) is sent an event of type t.
func Wants(types []string, t string) bool {
	return len(types) == 0 || slices.Contains(types, t)
}

// Payload is the JSON body of a delivery, in the specification's shape.
type Payload struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}

// secretPrefix starts a signing secret, as the specification writes it.
const secretPrefix = "whsec_"

// NewSecret makes a signing secret: 32 random bytes, base64, prefixed.
func NewSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	return secretPrefix + base64.StdEncoding.EncodeToString(b), nil
}

// ErrSecret is a signing secret that is not "whsec_" and base64 of 24 to
// 64 bytes.
var ErrSecret = errors.New("webhook: the secret is whsec_ followed by base64 of 24 to 64 bytes")

// secretKey is the HMAC key a secret stands for.
func secretKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil || !strings.HasPrefix(secret, secretPrefix) || len(key) < 24 || len(key) > 64 {
		return nil, ErrSecret
	}
	return key, nil
}

// ValidSecret reports whether secret can sign.
func ValidSecret(secret string) bool {
	_, err := secretKey(secret)
	return err == nil
}

// NewMessageID makes a message's id: the same for every attempt and every
// endpoint it goes to, so a receiver can drop what it has seen.
func NewMessageID() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b) // crypto/rand does not fail (Go 1.24+)
	return "msg_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// Sign is the webhook-signature header of body sent as message id at ts:
// "v1," and the base64 HMAC-SHA256 of "id.timestamp.body".
func Sign(secret, id string, ts time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, ts.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// Headers are the specification's three headers for one attempt.
func Headers(secret, id string, ts time.Time, body []byte) (map[string]string, error) {
	sig, err := Sign(secret, id, ts, body)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"webhook-id":        id,
		"webhook-timestamp": strconv.FormatInt(ts.Unix(), 10),
		"webhook-signature": sig,
	}, nil
}

// Schedule is the pause before each retry, the specification's own: a
// delivery is tried at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h
// and 10 h, and then given up (about 28 hours after the first try).
var Schedule = []time.Duration{
	5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour,
}

// Retry is the pause after the attempts-th failed attempt; ok is false
// when the delivery is given up.
func Retry(attempts int) (pause time.Duration, ok bool) {
	if attempts < 1 || attempts > len(Schedule) {
		return 0, false
	}
	return Schedule[attempts-1], true
}

// Endpoint is a receiver administrators registered.
type Endpoint struct {
	ID          int64
	URL         string
	Description string
	Types       []string  // the event types it is sent; none: every type
	Role        auth.Role // it is told what this role may see (need to know)
	Secret      string
	Active      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Delivery states.
const (
	Pending   = "pending"
	Delivered = "delivered"
	Failed    = "failed" // given up after the schedule, or the endpoint is gone
)

// Delivery is one message to one endpoint, with how its sending went.
type Delivery struct {
	ID            int64
	EndpointID    int64
	MsgID         string
	Type          string
	Subject       string // deliveries of one subject go in order: "complaint K-2026-00042"
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	ResponseCode  int    // the endpoint's last HTTP status; 0 when it did not answer
	LastError     string // why the last attempt failed
	CreatedAt     time.Time
	DoneAt        time.Time
	// Payload and the endpoint's URL and secret, read when the delivery is
	// claimed for sending.
	Payload []byte
	URL     string
	Secret  string
}
