// Package sso signs staff in through the organisation's identity provider
// (OpenID Connect, with coreos/go-oidc): the provider says who someone is
// and, through a claim such as "groups", which role they have in klacht.
package sso

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
)

// RoleRule maps a value of the role claim to a role.
type RoleRule struct {
	Value string
	Role  auth.Role
}

// Config is how klacht knows the provider.
type Config struct {
	Issuer       string // e.g. https://login.example.org/realms/staff
	ClientID     string
	ClientSecret string
	RedirectURL  string // BaseURL + /login/sso/callback
	RoleClaim    string // "groups" when empty
	Roles        []RoleRule
	Name         string // on the sign-in button, e.g. "Microsoft"
}

// ParseRoles reads "value=role,value=role"; the first rule that matches a
// user's claim decides, so the most privileged go first.
func ParseRoles(s string) ([]RoleRule, error) {
	var out []RoleRule
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		v, r, ok := strings.Cut(pair, "=")
		v, r = strings.TrimSpace(v), strings.TrimSpace(r)
		if !ok || v == "" || !auth.Role(r).Valid() {
			return nil, fmt.Errorf("role rule %q: want claim-value=role with a role of klacht", pair)
		}
		out = append(out, RoleRule{v, auth.Role(r)})
	}
	if len(out) == 0 {
		return nil, errors.New("no role rules: give claim-value=role pairs")
	}
	return out, nil
}

// Check validates a configuration before anything starts.
func (c Config) Check() error {
	u, err := url.Parse(c.Issuer)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
		return fmt.Errorf("issuer %q: want an https URL", c.Issuer)
	}
	if c.ClientID == "" || c.ClientSecret == "" {
		return errors.New("give the client id and secret the provider issued")
	}
	if len(c.Roles) == 0 {
		return errors.New("give role rules (claim-value=role)")
	}
	return nil
}

// Provider is a configured identity provider.
type Provider struct {
	cfg      Config
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// New discovers the provider's endpoints and keys.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if err := cfg.Check(); err != nil {
		return nil, fmt.Errorf("single sign-on: %w", err)
	}
	if cfg.RoleClaim == "" {
		cfg.RoleClaim = "groups"
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("single sign-on: discover %s: %w", cfg.Issuer, err)
	}
	return &Provider{cfg: cfg, verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}}, nil
}

// Name is the provider's name for the sign-in button.
func (p *Provider) Name() string { return p.cfg.Name }

// AuthURL is where the browser goes to sign in; state and nonce come
// back and are checked.
func (p *Provider) AuthURL(state, nonce string) string {
	return p.oauth.AuthCodeURL(state, oidc.Nonce(nonce))
}

// Identity is who the provider says signed in.
type Identity struct {
	Email string
	Name  string
	Role  auth.Role
}

// ErrNoRole says that none of the role rules matched the user's claim.
var ErrNoRole = errors.New("the identity provider gives this person no role in klacht")

// Exchange trades the code for the ID token, verifies it (signature,
// issuer, audience, expiry, nonce) and reads who it names.
func (p *Provider) Exchange(ctx context.Context, code, nonce string) (_ Identity, err error) {
	defer fault.Wrap(&err, "single sign-on")
	var id Identity
	tok, err := p.oauth.Exchange(ctx, code)
	if err != nil {
		return id, fmt.Errorf("exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return id, errors.New("the provider returned no ID token")
	}
	t, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return id, err
	}
	if t.Nonce != nonce {
		return id, errors.New("the ID token's nonce does not match")
	}
	var claims map[string]any
	if err := t.Claims(&claims); err != nil {
		return id, fmt.Errorf("claims: %w", err)
	}
	id.Email, _ = claims["email"].(string)
	id.Name, _ = claims["name"].(string)
	if verified, ok := claims["email_verified"].(bool); ok && !verified {
		return id, errors.New("the provider has not verified this e-mail address")
	}
	if id.Email == "" {
		return id, errors.New("the ID token names no e-mail address")
	}
	if id.Name == "" {
		id.Name = id.Email
	}
	values := claimValues(claims[p.cfg.RoleClaim])
	for _, rule := range p.cfg.Roles {
		for _, v := range values {
			if v == rule.Value {
				id.Role = rule.Role
				return id, nil
			}
		}
	}
	return id, ErrNoRole
}

// claimValues reads a claim that is one string or a list of them.
func claimValues(c any) []string {
	switch v := c.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
