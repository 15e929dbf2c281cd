// Package mailauth signs klacht in to mail servers that want OAuth 2
// rather than a password (Microsoft 365, Google Workspace): it gets access
// tokens from the provider's token endpoint (client credentials, or a
// refresh token) and speaks the XOAUTH2 SASL mechanism with them, for
// IMAP and SMTP alike.
package mailauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/emersion/go-sasl"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// OAuth2 is how tokens are had: the provider's token URL, klacht's client
// there, the scopes (Microsoft 365: https://outlook.office365.com/.default;
// Google: https://mail.google.com/), and a refresh token when the mailbox
// was authorised by a person rather than granted to the application.
type OAuth2 struct {
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       []string
	RefreshToken string
}

// Check validates the settings once at start.
func (o OAuth2) Check() error {
	u, err := url.Parse(o.TokenURL)
	switch {
	case o.TokenURL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		return fmt.Errorf("mail oauth: the token URL %q is not an http(s) URL (KLACHT_MAIL_OAUTH_TOKEN_URL)", o.TokenURL)
	case o.ClientID == "":
		return errors.New("mail oauth: no client id (KLACHT_MAIL_OAUTH_CLIENT_ID)")
	case o.ClientSecret == "" && o.RefreshToken == "":
		return errors.New(
			"mail oauth: give a client secret, a refresh token, or both (KLACHT_MAIL_OAUTH_CLIENT_SECRET, KLACHT_MAIL_OAUTH_REFRESH_TOKEN)",
		)
	}
	return nil
}

// Tokens returns a function that gives a valid access token, fetching a
// new one only when the last has (nearly) expired. One source serves IMAP
// and SMTP and every goroutine.
func (o OAuth2) Tokens() func(ctx context.Context) (string, error) {
	var mu sync.Mutex
	var src oauth2.TokenSource
	return func(ctx context.Context) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if src == nil {
			// The source outlives this call: its HTTP requests must not
			// end with the first caller's context. The secret goes in the
			// form, as both Microsoft and Google take it (and a failed
			// request is not silently retried another way).
			base := context.WithoutCancel(ctx)
			if o.RefreshToken != "" {
				cfg := oauth2.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, Scopes: o.Scopes,
					Endpoint: oauth2.Endpoint{TokenURL: o.TokenURL, AuthStyle: oauth2.AuthStyleInParams}}
				src = cfg.TokenSource(base, &oauth2.Token{RefreshToken: o.RefreshToken})
			} else {
				cfg := clientcredentials.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, TokenURL: o.TokenURL, Scopes: o.Scopes,
					AuthStyle: oauth2.AuthStyleInParams}
				src = cfg.TokenSource(base)
			}
		}
		tok, err := src.Token()
		if err != nil {
			src = nil // try afresh next time
			return "", fmt.Errorf("mail oauth token: %w", err)
		}
		return tok.AccessToken, nil
	}
}

// Scopes splits a list of scopes separated by spaces or commas.
func Scopes(list string) []string {
	return strings.FieldsFunc(list, func(r rune) bool { return r == ' ' || r == ',' })
}

// Mechanism is the SASL name.
const Mechanism = "XOAUTH2"

// Client is the XOAUTH2 SASL client: the user and the bearer token in one
// message; an error challenge from the server gets an empty answer, after
// which the server says no.
func Client(user, token string) sasl.Client { return &client{user, token} }

type client struct{ user, token string }

func (c *client) Start() (string, []byte, error) {
	return Mechanism, []byte("user=" + c.user + "\x01auth=Bearer " + c.token + "\x01\x01"), nil
}

func (c *client) Next(challenge []byte) ([]byte, error) { return []byte{}, nil }

// Server is the XOAUTH2 SASL server, for test mail servers: check says
// whether the user and token are good.
func Server(check func(user, token string) error) sasl.Server { return &server{check: check} }

type server struct {
	check  func(user, token string) error
	asked  bool
	failed error
}

func (s *server) Next(response []byte) ([]byte, bool, error) {
	if s.failed != nil { // the client's answer to our error challenge
		return nil, true, s.failed
	}
	if response == nil && !s.asked { // no initial response: ask for it
		s.asked = true
		return []byte{}, false, nil
	}
	var user, token string
	for _, kv := range bytes.Split(response, []byte{1}) {
		k, v, _ := strings.Cut(string(kv), "=")
		switch k {
		case "user":
			user = v
		case "auth":
			token = strings.TrimPrefix(v, "Bearer ")
		}
	}
	if err := s.check(user, token); err != nil {
		s.failed = err
		return []byte(`{"status":"401","schemes":"bearer"}`), false, nil
	}
	return nil, true, nil
}
