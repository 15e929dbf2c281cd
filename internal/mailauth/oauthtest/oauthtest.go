// Package oauthtest runs an OAuth 2 token endpoint in the test process, a
// real HTTP server that hands out access tokens for the client-credentials
// and refresh-token grants, as Microsoft's and Google's do.
package oauthtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Endpoint is a running token endpoint.
type Endpoint struct {
	URL                    string
	ClientID, ClientSecret string
	RefreshToken           string

	mu       sync.Mutex
	issued   int
	failNext bool
	grants   []string
}

// Start runs an endpoint for one client until the test ends.
func Start(t testing.TB) *Endpoint {
	e := &Endpoint{ClientID: "klacht", ClientSecret: "s3cret", RefreshToken: "refresh-1"}
	srv := httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(srv.Close)
	e.URL = srv.URL + "/token"
	return e
}

// Token is the access token number n (1 is the first handed out).
func Token(n int) string { return fmt.Sprintf("access-%d", n) }

// Issued counts the tokens handed out; Grants lists the grant types asked.
func (e *Endpoint) Issued() int { e.mu.Lock(); defer e.mu.Unlock(); return e.issued }
func (e *Endpoint) Grants() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.grants...)
}

// FailNext makes the next request fail with a server error.
func (e *Endpoint) FailNext() { e.mu.Lock(); e.failNext = true; e.mu.Unlock() }

func (e *Endpoint) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.failNext {
		e.failNext = false
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	grant := r.PostForm.Get("grant_type")
	e.grants = append(e.grants, grant)
	bad := id != e.ClientID
	switch grant {
	case "client_credentials":
		bad = bad || secret != e.ClientSecret
	case "refresh_token":
		bad = bad || r.PostForm.Get("refresh_token") != e.RefreshToken
	default:
		bad = true
	}
	w.Header().Set("Content-Type", "application/json")
	if bad {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client"})
		return
	}
	e.issued++
	json.NewEncoder(w).Encode(map[string]any{"access_token": Token(e.issued), "token_type": "Bearer", "expires_in": 3600})
}
