// Package ssotest runs an OpenID Connect provider in the test process:
// go-oidc's oidctest serves discovery and keys, and this package adds the
// authorisation and token endpoints a browser sign-in goes through, for
// one person at a time with the claims the test sets.
package ssotest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"
)

// Provider is the test identity provider.
type Provider struct {
	URL      string
	ClientID string
	Secret   string

	mu     sync.Mutex
	claims map[string]any    // who signs in next
	codes  map[string]string // code → nonce
	key    *rsa.PrivateKey
}

// New starts a provider; it stops when the test ends.
func New(tb testing.TB) *Provider {
	tb.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	p := &Provider{ClientID: "klacht", Secret: "s3cret", codes: map[string]string{}, key: key}
	disc := &oidctest.Server{
		PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: "k1", Algorithm: oidc.RS256}},
	}
	mux := http.NewServeMux()
	mux.Handle("/.well-known/openid-configuration", disc)
	mux.Handle("/keys", disc)
	mux.HandleFunc("/auth", p.authorize)
	mux.HandleFunc("/token", p.token)
	ts := httptest.NewServer(mux)
	tb.Cleanup(ts.Close)
	disc.SetIssuer(ts.URL)
	p.URL = ts.URL
	return p
}

// SignInAs sets the claims of whoever signs in next (email, name, groups…).
func (p *Provider) SignInAs(claims map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.claims = claims
}

// authorize approves at once and sends the browser back with a code.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != p.ClientID || q.Get("response_type") != "code" {
		http.Error(w, "bad authorisation request", http.StatusBadRequest)
		return
	}
	code := fmt.Sprintf("code-%d", time.Now().UnixNano())
	p.mu.Lock()
	p.codes[code] = q.Get("nonce")
	p.mu.Unlock()
	back, _ := url.Parse(q.Get("redirect_uri"))
	bq := back.Query()
	bq.Set("code", code)
	bq.Set("state", q.Get("state"))
	back.RawQuery = bq.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token trades a code, once, for a signed ID token.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.FormValue("client_id"), r.FormValue("client_secret")
	}
	p.mu.Lock()
	nonce, known := p.codes[r.FormValue("code")]
	delete(p.codes, r.FormValue("code"))
	claims := map[string]any{}
	for k, v := range p.claims {
		claims[k] = v
	}
	p.mu.Unlock()
	if id != p.ClientID || secret != p.Secret || !known {
		http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
		return
	}
	now := time.Now()
	claims["iss"], claims["aud"], claims["nonce"] = p.URL, p.ClientID, nonce
	claims["iat"], claims["exp"] = now.Unix(), now.Add(5*time.Minute).Unix()
	if claims["sub"] == nil {
		claims["sub"] = claims["email"]
	}
	raw, _ := json.Marshal(claims)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300,
		"id_token": oidctest.SignIDToken(p.key, "k1", oidc.RS256, string(raw))})
}
