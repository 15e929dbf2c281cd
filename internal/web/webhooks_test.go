package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/jobs"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

// receiver is a webhook endpoint that checks every message as the
// Standard Webhooks specification tells a receiver to, written here apart
// from klacht's own signing: the secret's base64 after "whsec_" is the
// key, the signed content "id.timestamp.body", the header a space-separated
// list of "v1,<base64>", the timestamp within five minutes of now.
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	now    func() time.Time
	mu     sync.Mutex
	secret string
	got    []received
	answer func() int // the status to answer with; 200 when nil
}

type received struct {
	ID      string
	Type    string
	Subject string // the complaint's reference, for ordering
	Data    map[string]any
	Body    []byte
}

func newReceiver(t *testing.T, now func() time.Time) *receiver {
	rc := &receiver{t: t, now: now}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err := verifyStandardWebhook(rc.secret, r.Header, body, rc.now()); err != nil {
		rc.t.Errorf("signature: %v", err)
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	if rc.answer != nil {
		if code := rc.answer(); code != http.StatusOK {
			http.Error(w, "not now", code)
			return
		}
	}
	var p struct {
		Type      string         `json:"type"`
		Timestamp time.Time      `json:"timestamp"`
		Data      map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &p); err != nil || p.Type == "" || p.Timestamp.IsZero() {
		rc.t.Errorf("payload %s: %v", body, err)
	}
	ref := ""
	if c, ok := p.Data["complaint"].(map[string]any); ok {
		ref, _ = c["reference"].(string)
	}
	rc.got = append(rc.got, received{ID: r.Header.Get("webhook-id"), Type: p.Type, Subject: ref, Data: p.Data, Body: body})
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) received() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

func verifyStandardWebhook(secret string, h http.Header, body []byte, now time.Time) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return fmt.Errorf("headers missing: %v", h)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || math.Abs(float64(now.Unix()-sec)) > 300 {
		return fmt.Errorf("timestamp %q too far from %v", ts, now)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	want := mac.Sum(nil)
	for _, sig := range strings.Fields(sigs) {
		version, b64, ok := strings.Cut(sig, ",")
		got, err := base64.StdEncoding.DecodeString(b64)
		if ok && version == "v1" && err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return fmt.Errorf("no valid signature in %q", sigs)
}

// addEndpoint registers url through the API as role's endpoint.
func addEndpoint(t *testing.T, e *testEnv, url, role string, types ...string) api.EndpointView {
	t.Helper()
	if types == nil {
		types = []string{}
	}
	res := e.api(http.MethodPost, "/api/v1/webhooks", auth.RoleAdmin, map[string]any{"url": url, "role": role,
		"types": types, "description": "CRM"})
	if res.Status != http.StatusCreated {
		t.Fatalf("add endpoint = %d %s", res.Status, res.Body)
	}
	var v api.EndpointView
	res.JSON(t, &v)
	return v
}

func webhookJob(e *testEnv, s *store.Store) *jobs.Webhooks {
	return &jobs.Webhooks{Store: s, Now: e.clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// TestWebhooksSignedAndNeedToKnow: every event of a complaint's life
// reaches an endpoint signed as the specification says, in order; an
// endpoint told as a role without contact rights gets no contact details,
// and one whose role does not see the complaint is told nothing of it.
func TestWebhooksSignedAndNeedToKnow(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		crm, manager, board := newReceiver(t, e.clock.Now), newReceiver(t, e.clock.Now), newReceiver(t, e.clock.Now)
		crm.secret = addEndpoint(t, e, crm.srv.URL, "membership_admin").Secret
		manager.secret = addEndpoint(t, e, manager.srv.URL, "manager",
			"complaint.registered", "complaint.handled").Secret
		board.secret = addEndpoint(t, e, board.srv.URL, "board").Secret

		c := e.mustCreate(validComplaint())
		path := "/api/v1/complaints/" + c.Reference
		for _, step := range []struct{ path, body string }{
			{"/assignment", `{"team": "ledenadministratie"}`},
			{"/notes", `{"text": "Gebeld, voicemail."}`},
			{"/transitions", `{"status": "in_progress"}`},
			{"/transitions", `{"status": "handled", "told": {"via": "phone", "summary": "Afgemeld.", "satisfied": "yes"}}`},
		} {
			if res := e.api(http.MethodPost, path+step.path, auth.RoleCoordinator, step.body); res.Status >= 300 {
				t.Fatalf("%s = %d %s", step.path, res.Status, res.Body)
			}
		}
		n, err := webhookJob(e, e.store).Tick(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for _, m := range crm.received() {
			types = append(types, m.Type)
			if m.Subject != c.Reference {
				t.Errorf("%s about %q", m.Type, m.Subject)
			}
		}
		want := "complaint.registered complaint.assigned complaint.status_changed complaint.handled"
		if got := strings.Join(types, " "); got != want {
			t.Errorf("the CRM heard %s, want %s", got, want)
		}
		if first := crm.received()[0].Data["complaint"].(map[string]any)["complainant"].(map[string]any); first["email"] != "jan@example.nl" {
			t.Errorf("the CRM (contact rights) got complainant %v", first)
		}
		got := manager.received()
		if len(got) != 2 || got[0].Type != "complaint.registered" || got[1].Type != "complaint.handled" {
			t.Fatalf("the manager's endpoint heard %+v", got)
		}
		for _, m := range got {
			if strings.Contains(string(m.Body), "jan@example.nl") || strings.Contains(string(m.Body), "Damrak") ||
				strings.Contains(string(m.Body), "020-1234567") {
				t.Errorf("contact details reached a role without contact rights: %s", m.Body)
			}
			if m.Data["complaint"].(map[string]any)["contact_hidden"] != true {
				t.Errorf("contact_hidden not set: %s", m.Body)
			}
		}
		if got := board.received(); len(got) != 0 {
			t.Errorf("the board, which sees complaints under appeal only, heard %d events", len(got))
		}
		if n != 6 {
			t.Errorf("delivered %d, want 6", n)
		}
		// The same message to two endpoints has one id; each message its own.
		if crm.received()[0].ID != manager.received()[0].ID {
			t.Errorf("one event, two ids: %s, %s", crm.received()[0].ID, manager.received()[0].ID)
		}
		// An appeal makes the complaint the board's: it hears from then on.
		if res := e.api(http.MethodPost, path+"/appeals", auth.RoleCoordinator, `{"grounds": "Oneens"}`); res.Status != 201 {
			t.Fatalf("appeal = %d %s", res.Status, res.Body)
		}
		if _, err := webhookJob(e, e.store).Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if got := board.received(); len(got) != 1 || got[0].Type != "appeal.filed" {
			t.Errorf("the board heard %+v after the appeal", got)
		}
	})
}

// TestWebhookOutageThenOrder: an endpoint that answers 500 for ten minutes
// and then 200 gets every event, each complaint's in order, each message
// under one id however often it was tried.
func TestWebhookOutageThenOrder(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		rc := newReceiver(t, e.clock.Now)
		rc.secret = addEndpoint(t, e, rc.srv.URL, "coordinator").Secret
		up := e.clock.Now().Add(10 * time.Minute)
		tries := map[string]int{}
		rc.answer = func() int {
			if e.clock.Now().Before(up) {
				return http.StatusInternalServerError
			}
			return http.StatusOK
		}
		var refs []string
		for range 3 {
			c := e.mustCreate(validComplaint())
			refs = append(refs, c.Reference)
			path := "/api/v1/complaints/" + c.Reference
			e.api(http.MethodPost, path+"/transitions", auth.RoleCoordinator, `{"status": "in_progress"}`)
			e.api(http.MethodPost, path+"/transitions", auth.RoleCoordinator,
				`{"status": "handled", "told": {"via": "phone", "summary": "Opgelost.", "satisfied": "yes"}}`)
		}
		job := webhookJob(e, e.store)
		// Ticks every minute for an hour: the schedule's 5 s, 5 min and 30
		// min pauses pass the outage.
		for range 60 {
			if _, err := job.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			e.clock.Add(time.Minute)
		}
		got := rc.received()
		ids := map[string]bool{}
		order := map[string][]string{}
		for _, m := range got {
			if ids[m.ID] {
				t.Errorf("message %s taken twice", m.ID)
			}
			ids[m.ID] = true
			tries[m.ID]++
			order[m.Subject] = append(order[m.Subject], m.Type)
		}
		if len(got) != 9 {
			t.Fatalf("received %d messages, want 9", len(got))
		}
		for _, ref := range refs {
			if o := strings.Join(order[ref], " "); o != "complaint.registered complaint.status_changed complaint.handled" {
				t.Errorf("%s heard in the order %s", ref, o)
			}
		}
		// The log says what happened: the first message tried four times.
		var log struct {
			Items []api.DeliveryView `json:"items"`
		}
		e.api(http.MethodGet, "/api/v1/webhooks/1/deliveries", auth.RoleAdmin, nil).JSON(t, &log)
		if len(log.Items) != 9 {
			t.Fatalf("log has %d deliveries", len(log.Items))
		}
		first := log.Items[len(log.Items)-1]
		if first.Status != "delivered" || first.Attempts != 4 || first.ResponseCode != 204 || first.MsgID != got[0].ID {
			t.Errorf("first delivery logged as %+v", first)
		}
		// Resend sends the same message again, under its id.
		if res := e.api(http.MethodPost, fmt.Sprintf("/api/v1/webhooks/1/deliveries/%d/resend", first.ID),
			auth.RoleAdmin, nil); res.Status != http.StatusAccepted {
			t.Fatalf("resend = %d %s", res.Status, res.Body)
		}
		if n, err := job.Tick(ctx); err != nil || n != 1 {
			t.Fatalf("resend tick: %d, %v", n, err)
		}
		if again := rc.received(); again[len(again)-1].ID != first.MsgID {
			t.Errorf("resent as %s, want %s", again[len(again)-1].ID, first.MsgID)
		}
		wantProblem(t, e.api(http.MethodPost, "/api/v1/webhooks/1/deliveries/999/resend", auth.RoleAdmin, nil), 404, "")
	})
}

// TestWebhookAfterRestart: a change whose delivery was written but not
// sent when the server stopped is sent by the next server; a server that
// stopped mid-send leaves its delivery leased, and it goes out again after
// the lease under the same message id.
func TestWebhookAfterRestart(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		rc := newReceiver(t, e.clock.Now)
		rc.secret = addEndpoint(t, e, rc.srv.URL, "coordinator", "complaint.registered").Secret
		e.mustCreate(validComplaint())
		// A server claims the delivery and dies before it is recorded.
		d, ok, err := e.store.ClaimDelivery(ctx, e.clock.Now(), time.Minute)
		if err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if n, err := webhookJob(e, e.store).Tick(ctx); err != nil || n != 0 {
			t.Fatalf("a leased delivery was sent again within its lease: %d %v", n, err)
		}
		e.clock.Add(2 * time.Minute)
		if n, err := webhookJob(e, e.store).Tick(ctx); err != nil || n != 1 {
			t.Fatalf("after the lease: %d %v", n, err)
		}
		if got := rc.received(); len(got) != 1 || got[0].ID != d.MsgID {
			t.Errorf("received %+v, want one message %s", got, d.MsgID)
		}
	})
}

// TestWebhookInputs: bad endpoints are refused field by field, through the
// API and the page, and nothing is stored.
func TestWebhookInputs(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	for _, c := range []struct {
		body  string
		field string
	}{
		{`{"role": "coordinator"}`, "url"},
		{`{"url": "ftp://crm.example/hook", "role": "coordinator"}`, "url"},
		{`{"url": "https://user:pw@crm.example/hook", "role": "coordinator"}`, "url"},
		{`{"url": "https://crm.example/hook", "role": "nobody"}`, "role"},
		{`{"url": "https://crm.example/hook", "role": "campaign_lead"}`, "role"},
		{`{"url": "https://crm.example/hook", "role": "coordinator", "types": ["complaint.eaten"]}`, "types"},
		{`{"url": "https://crm.example/hook", "role": "coordinator", "secret": "hunter2"}`, "secret"},
		{`{"url": "https://crm.example/hook", "role": "coordinator", "colour": "red"}`, ""},
		{`{"url": "https://crm.example/hook", "role": "coordinator", "description": "nul\u0000"}`, ""},
		{"{\"url\": \"https://crm.example/\xff\", \"role\": \"coordinator\"}", ""},
	} {
		res := e.api(http.MethodPost, "/api/v1/webhooks", auth.RoleAdmin, c.body)
		if res.Status < 400 || res.Status >= 500 {
			t.Errorf("%s = %d", c.body, res.Status)
		}
		if c.field != "" {
			wantProblem(t, res, 422, c.field)
		}
	}
	wantProblem(t, e.api(http.MethodPost, "/api/v1/webhooks", auth.RoleCoordinator, `{}`), 403, "")
	wantProblem(t, e.api(http.MethodGet, "/api/v1/webhooks/7", auth.RoleAdmin, nil), 404, "")
	wantProblem(t, e.api(http.MethodGet, "/api/v1/webhooks/x/deliveries", auth.RoleAdmin, nil), 404, "")
	if es, _ := e.store.Endpoints(store.System(context.Background())); len(es) != 0 {
		t.Fatalf("refused endpoints stored: %+v", es)
	}
	// The page answers inline, in the user's language, and keeps what was typed.
	res := e.form("/admin/webhooks", auth.RoleAdmin, map[string][]string{"url": {"crm.example"},
		"role": {"coordinator"}, "description": {"Ons CRM"}})
	if res.Status != 422 || !strings.Contains(string(res.Body), "Vul een webadres in") ||
		!strings.Contains(string(res.Body), "Ons CRM") {
		t.Errorf("bad form = %d %s", res.Status, res.Body)
	}
	if res := e.form("/admin/webhooks", auth.RoleAdmin, map[string][]string{"url": {"https://crm.example/hook"},
		"role": {"coordinator"}, "secret": {"whsec_kort"}}); res.Status != 422 || !strings.Contains(string(res.Body), "whsec_, gevolgd door") {
		t.Errorf("a bad secret of one's own = %d", res.Status)
	}
	res = e.form("/admin/webhooks", auth.RoleAdmin, map[string][]string{"url": {"https://crm.example/hook"},
		"role": {"coordinator"}, "types": {"complaint.handled", "appeal.decided"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/admin/webhooks/1?notice=webhook_added" {
		t.Fatalf("add = %d %s", res.Status, res.Header.Get("Location"))
	}
	page := string(e.page("/admin/webhooks/1", auth.RoleAdmin).Body)
	for _, want := range []string{"whsec_", "Klacht afgehandeld", "Nog niets naar dit adres verstuurd", `value="appeal.decided" checked`} {
		if !strings.Contains(page, want) {
			t.Errorf("endpoint page lacks %q", want)
		}
	}
	// Changing it keeps the secret; a new secret is another.
	var before api.EndpointView
	e.api(http.MethodGet, "/api/v1/webhooks/1", auth.RoleAdmin, nil).JSON(t, &before)
	res = e.api(http.MethodPut, "/api/v1/webhooks/1", auth.RoleAdmin, `{"url": "https://crm.example/v2", "role": "manager", "active": false}`)
	var after api.EndpointView
	res.JSON(t, &after)
	if res.Status != 200 || after.Secret != before.Secret || after.Active || after.URL != "https://crm.example/v2" || len(after.Types) != 0 {
		t.Errorf("update = %d %+v", res.Status, after)
	}
	var rotated api.EndpointView
	e.api(http.MethodPost, "/api/v1/webhooks/1/secret", auth.RoleAdmin, nil).JSON(t, &rotated)
	if rotated.Secret == before.Secret || !strings.HasPrefix(rotated.Secret, "whsec_") {
		t.Errorf("rotated secret %q", rotated.Secret)
	}
	if res := e.form("/admin/webhooks/1/delete", auth.RoleAdmin, nil); res.Status != http.StatusSeeOther {
		t.Errorf("delete = %d", res.Status)
	}
	wantProblem(t, e.api(http.MethodDelete, "/api/v1/webhooks/1", auth.RoleAdmin, nil), 404, "")
}

// TestWebhookErasure: erasing a person blanks what their deliveries hold,
// stops those still waiting, and tells the endpoints by reference alone.
func TestWebhookErasure(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		rc := newReceiver(t, e.clock.Now)
		rc.secret = addEndpoint(t, e, rc.srv.URL, "coordinator").Secret
		rc.answer = func() int { return http.StatusServiceUnavailable }
		c := e.mustCreate(validComplaint())
		if _, err := webhookJob(e, e.store).Tick(ctx); err != nil {
			t.Fatal(err)
		}
		res := e.api(http.MethodPost, "/api/v1/subjects/erase", auth.RoleDPO, map[string]any{"email": "jan@example.nl"})
		if res.Status != 200 {
			t.Fatalf("erase = %d %s", res.Status, res.Body)
		}
		rc.answer = nil
		e.clock.Add(time.Minute)
		if _, err := webhookJob(e, e.store).Tick(ctx); err != nil {
			t.Fatal(err)
		}
		got := rc.received()
		if len(got) != 1 || got[0].Type != "subject.erased" || strings.Contains(string(got[0].Body), "Jan") ||
			!strings.Contains(string(got[0].Body), c.Reference) {
			t.Fatalf("after the erasure the endpoint heard %+v", got)
		}
		var log struct {
			Items []api.DeliveryView `json:"items"`
		}
		e.api(http.MethodGet, "/api/v1/webhooks/1/deliveries", auth.RoleAdmin, nil).JSON(t, &log)
		if reg := log.Items[len(log.Items)-1]; reg.Type != "complaint.registered" || reg.Status != "failed" ||
			reg.LastError != "pseudonymised" {
			t.Errorf("the registration's delivery after the erasure: %+v", reg)
		}
	})
}
