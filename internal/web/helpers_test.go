package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
	"github.com/klacht/klacht/internal/web/api"
)

// testClock is a clock tests can move.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testEnv is a running server with one user and one API token per role.
type testEnv struct {
	t      testing.TB
	srv    *Server
	ts     *httptest.Server
	store  *store.Store
	clock  *testClock
	users  map[auth.Role]auth.User
	tokens map[auth.Role]string
}

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func newEnv(tb testing.TB, open storetest.Opener) *testEnv {
	tb.Helper()
	s := open(tb)
	p, err := s.LoadProfile(store.System(context.Background()))
	if err != nil {
		tb.Fatal(err)
	}
	clock := &testClock{t: t0}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("KLACHT_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	srv, err := New(Config{Store: s, Profile: p, Logger: log, Now: clock.Now, BaseURL: "http://klacht.test"})
	if err != nil {
		tb.Fatal(err)
	}
	e := &testEnv{
		t:      tb,
		srv:    srv,
		store:  s,
		clock:  clock,
		users:  map[auth.Role]auth.User{},
		tokens: map[auth.Role]string{},
	}
	e.ts = httptest.NewServer(srv)
	tb.Cleanup(e.ts.Close)
	for _, r := range auth.Roles {
		u := storetest.MustUser(tb, s, string(r)+"@example.nl", r)
		token, hash, err := auth.NewSecret("klacht_")
		if err != nil {
			tb.Fatal(err)
		}
		if err := s.CreateToken(store.System(context.Background()), u.ID, hash, "test", "", t0, time.Time{}); err != nil {
			tb.Fatal(err)
		}
		e.users[r], e.tokens[r] = u, token
	}
	return e
}

// session signs a user of role in and returns the session cookie value.
func (e *testEnv) session(r auth.Role) string {
	token, hash, err := auth.NewSecret("")
	if err != nil {
		e.t.Fatal(err)
	}
	now := e.clock.Now()
	if err := e.store.CreateSession(store.System(context.Background()), hash, e.users[r].ID, now, now.Add(time.Hour)); err != nil {
		e.t.Fatal(err)
	}
	return token
}

// response is a finished request.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) JSON(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// do sends a request; role "" sends no credentials.
func (e *testEnv) do(method, path string, role auth.Role, body io.Reader, header map[string]string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// api sends JSON v (a string is sent as is) with role's token.
func (e *testEnv) api(method, path string, role auth.Role, v any, header ...string) response {
	e.t.Helper()
	var body io.Reader
	h := map[string]string{}
	if v != nil {
		h["Content-Type"] = "application/json"
		switch b := v.(type) {
		case string:
			body = strings.NewReader(b)
		default:
			raw, err := json.Marshal(v)
			if err != nil {
				e.t.Fatal(err)
			}
			body = bytes.NewReader(raw)
		}
	}
	for i := 0; i+1 < len(header); i += 2 {
		h[header[i]] = header[i+1]
	}
	return e.do(method, path, role, body, h)
}

// form posts form values with a session of role (or none).
func (e *testEnv) form(path string, role auth.Role, values url.Values) response {
	e.t.Helper()
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	if role != "" {
		h["Cookie"] = "klacht_session=" + e.session(role)
	}
	return e.do(http.MethodPost, path, "", strings.NewReader(values.Encode()), h)
}

// page gets an HTML page with a session of role (or none).
func (e *testEnv) page(path string, role auth.Role) response {
	e.t.Helper()
	h := map[string]string{}
	if role != "" {
		h["Cookie"] = "klacht_session=" + e.session(role)
	}
	return e.do(http.MethodGet, path, "", nil, h)
}

// validComplaint is a create body that passes every check.
func validComplaint() map[string]any {
	return map[string]any{
		"channel": "phone", "category": "telemarketing", "concerns": "person",
		"received_at": "2026-03-02T08:00:00Z",
		"description": "Ik word elke week gebeld terwijl ik heb gezegd dat ik dat niet wil.",
		"complainant": map[string]any{
			"member_number": "123456", "name": "Jan Jansen", "address": "Damrak 1",
			"postcode": "1012lg", "city": "Amsterdam", "email": "jan@example.nl", "phone": "020-1234567",
		},
	}
}

// mustCreate registers a complaint through the API and returns it.
func (e *testEnv) mustCreate(body map[string]any) api.ComplaintView {
	e.t.Helper()
	res := e.api(http.MethodPost, "/api/v1/complaints", auth.RoleAgent, body)
	if res.Status != http.StatusCreated {
		e.t.Fatalf("create = %d %s", res.Status, res.Body)
	}
	var c api.ComplaintView
	res.JSON(e.t, &c)
	return c
}

func (e *testEnv) count() int {
	e.t.Helper()
	n, err := e.store.CountComplaints(store.System(context.Background()), store.Filter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// eachDialect runs fn on SQLite and, when configured, PostgreSQL.
func eachDialect(t *testing.T, fn func(t *testing.T, e *testEnv)) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, open))
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func breachFilter(e *testEnv) store.Filter { return store.Filter{Breach: true, Now: e.clock.Now()} }

// forwardTo gives the server the "forward by e-mail" address addr (P3.2),
// as serve's --forward-address does.
func (e *testEnv) forwardTo(addr string) {
	e.t.Helper()
	a, err := app.New(app.Config{Store: e.store, Profile: e.srv.Profile(), Logger: e.srv.Log, Now: e.clock.Now,
		BaseURL: "http://klacht.test", ForwardAddress: addr})
	if err != nil {
		e.t.Fatal(err)
	}
	e.srv.App = a
}
