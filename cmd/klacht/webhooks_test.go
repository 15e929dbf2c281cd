package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/store/storetest"
)

// hookReceiver counts the messages it took, by webhook-id; while down it
// answers 503 and takes nothing.
type hookReceiver struct {
	srv   *httptest.Server
	down  atomic.Bool
	mu    sync.Mutex
	taken map[string]int
	tried map[string]int
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{taken: map[string]int{}, tried: map[string]int{}}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		id := r.Header.Get("webhook-id")
		h.mu.Lock()
		defer h.mu.Unlock()
		h.tried[id]++
		if h.down.Load() || id == "" || r.Header.Get("webhook-signature") == "" {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		h.taken[id]++
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) counts() (taken, tried map[string]int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	taken, tried = map[string]int{}, map[string]int{}
	for k, v := range h.taken {
		taken[k] = v
	}
	for k, v := range h.tried {
		tried[k] = v
	}
	return taken, tried
}

// registerHook adds the receiver as an endpoint for complaint.registered
// and returns the endpoint's path in the API.
func registerHook(t *testing.T, c client, url string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"url": url, "role": "coordinator", "types": []string{"complaint.registered"}})
	status, v, err := c.call("POST", "/api/v1/webhooks", string(body))
	if err != nil || status != 201 {
		t.Fatalf("register endpoint = %d %v %v", status, v, err)
	}
	return fmt.Sprintf("/api/v1/webhooks/%v", v["id"])
}

// failedAttemptRecorded reports whether the endpoint's delivery log holds
// the answer to an attempt at its newest delivery: the attempt is over
// and its lease ended (the count of attempts goes up at the claim, before
// the answer).
func failedAttemptRecorded(c client, endpoint string) bool {
	status, v, err := c.call("GET", endpoint+"/deliveries", "")
	if err != nil || status != 200 {
		return false
	}
	items, _ := v["items"].([]any)
	if len(items) == 0 {
		return false
	}
	code, _ := items[0].(map[string]any)["response_code"].(float64)
	return code == 503
}

// TestWebhookSurvivesKill: the server is killed after a change whose
// webhook the endpoint could not yet take; after a restart it is
// delivered, under the one message id every attempt carried.
func TestWebhookSurvivesKill(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	env := append(os.Environ(), "KLACHT_DB=sqlite:"+filepath.Join(dir, "k.db"))
	hook := newHookReceiver(t)
	hook.down.Store(true)
	a := startServe(t, bin, dir, env)
	admin := client{a.base, tokenAs(t, bin, dir, env, "ops@example.nl", "admin")}
	endpoint := registerHook(t, admin, hook.srv.URL)
	agent := client{a.base, tokenFor(t, bin, dir, env, "anna@example.nl")}
	if status, v, err := agent.call("POST", "/api/v1/complaints", complaintBody(time.Now().Add(-time.Hour), 1)); err != nil || status != 201 {
		t.Fatalf("create = %d %v %v", status, v, err)
	}
	// Killed once the failed attempt is written: a server killed during an
	// attempt holds the delivery's lease until it runs out (a minute and a
	// quarter), which is the other servers' guard, not a loss.
	until(t, 30*time.Second, func() bool { return failedAttemptRecorded(admin, endpoint) })
	a.kill(t)
	hook.down.Store(false)
	startServe(t, bin, dir, env) // the restart
	until(t, 60*time.Second, func() bool { taken, _ := hook.counts(); return len(taken) == 1 })
	time.Sleep(3 * time.Second) // a second delivery would come within a tick
	taken, tried := hook.counts()
	if len(taken) != 1 || len(tried) != 1 {
		t.Fatalf("taken %v, tried %v: want one message id", taken, tried)
	}
	for id, n := range taken {
		if n != 1 {
			t.Errorf("message %s taken %d times", id, n)
		}
	}
}

// TestWebhooksTwoServers: two servers on one PostgreSQL database send
// each event once.
func TestWebhooksTwoServers(t *testing.T) {
	bin := buildBinary(t)
	db := storetest.PostgresDSN(t)
	dir := t.TempDir()
	env := append(os.Environ(), "KLACHT_DB="+db)
	hook := newHookReceiver(t)
	a := startServe(t, bin, dir, env)
	b := startServe(t, bin, dir, env)
	registerHook(t, client{a.base, tokenAs(t, bin, dir, env, "ops@example.nl", "admin")}, hook.srv.URL)
	token := tokenFor(t, bin, dir, env, "anna@example.nl")
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client{a.base, token}
			if i%2 == 1 {
				c.base = b.base
			}
			if status, v, err := c.call("POST", "/api/v1/complaints", complaintBody(time.Now().Add(-time.Hour), i)); err != nil || status != 201 {
				t.Errorf("create = %d %v %v", status, v, err)
			}
		}()
	}
	wg.Wait()
	until(t, 60*time.Second, func() bool { taken, _ := hook.counts(); return len(taken) == n })
	time.Sleep(3 * time.Second)
	taken, tried := hook.counts()
	if len(taken) != n || len(tried) != n {
		t.Fatalf("%d messages taken, %d tried; want %d", len(taken), len(tried), n)
	}
	for id, c := range tried {
		if c != 1 {
			t.Errorf("message %s sent %d times", id, c)
		}
	}
}
