package app

import (
	"context"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/webhook"
)

// EndpointInput is a webhook endpoint as an administrator enters it.
type EndpointInput struct {
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Types       []string `json:"types"` // none: every event type
	Role        string   `json:"role"`
	// Secret, when set, replaces the signing secret (whsec_…); a new
	// endpoint without one is given a new secret.
	Secret string `json:"secret,omitempty"`
	Active *bool  `json:"active,omitempty"`
}

// CheckEndpoint validates in, naming each field at fault; cur is the
// endpoint as it stands (zero for a new one).
func CheckEndpoint(in EndpointInput, cur webhook.Endpoint) (webhook.Endpoint, error) {
	var errs fault.Validation
	e := cur
	e.URL = strings.TrimSpace(in.URL)
	e.Description = strings.TrimSpace(in.Description)
	u, err := url.Parse(e.URL)
	switch {
	case e.URL == "":
		errs.Add("url", "err.required")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(e.URL) > 2000:
		errs.Add("url", "err.webhook.url")
	}
	if utf8.RuneCountInString(e.Description) > 200 {
		errs.Add("description", "err.too_long", 200)
	}
	e.Types = nil
	for _, t := range in.Types {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !webhook.Known(t) {
			errs.Add("types", "err.unknown_key", t)
			continue
		}
		e.Types = append(e.Types, t)
	}
	e.Role = auth.Role(strings.TrimSpace(in.Role))
	switch {
	case e.Role == "":
		errs.Add("role", "err.required")
	case !e.Role.Valid():
		errs.Add("role", "err.unknown_key", string(e.Role))
	case auth.VisibilityOf(e.Role).Rows == auth.OwnCampaigns:
		// A campaign head sees the campaigns they head; an endpoint heads none.
		errs.Add("role", "err.webhook.role_personal")
	}
	if s := strings.TrimSpace(in.Secret); s != "" {
		if !webhook.ValidSecret(s) {
			errs.Add("secret", "err.webhook.secret")
		}
		e.Secret = s
	}
	if in.Active != nil {
		e.Active = *in.Active
	}
	return e, errs.Err()
}

// AddEndpoint registers a webhook endpoint, active, with a new signing
// secret unless one was given.
func (a *Service) AddEndpoint(ctx context.Context, in EndpointInput) (webhook.Endpoint, error) {
	e, err := CheckEndpoint(in, webhook.Endpoint{Active: true})
	if err != nil {
		return e, err
	}
	if e.Secret == "" {
		if e.Secret, err = webhook.NewSecret(); err != nil {
			return e, err
		}
	}
	return a.store.SaveEndpoint(ctx, e, a.Now())
}

// UpdateEndpoint changes endpoint id as entered; an empty secret keeps
// the one it has.
func (a *Service) UpdateEndpoint(ctx context.Context, id int64, in EndpointInput) (webhook.Endpoint, error) {
	cur, err := a.store.Endpoint(ctx, id)
	if err != nil {
		return cur, err
	}
	e, err := CheckEndpoint(in, cur)
	if err != nil {
		return e, err
	}
	return a.store.SaveEndpoint(ctx, e, a.Now())
}

// RotateSecret gives endpoint id a new signing secret.
func (a *Service) RotateSecret(ctx context.Context, id int64) (webhook.Endpoint, error) {
	e, err := a.store.Endpoint(ctx, id)
	if err != nil {
		return e, err
	}
	if e.Secret, err = webhook.NewSecret(); err != nil {
		return e, err
	}
	return a.store.SaveEndpoint(ctx, e, a.Now())
}

// DeleteEndpoint removes an endpoint and its delivery log.
func (a *Service) DeleteEndpoint(ctx context.Context, id int64) error {
	return a.store.DeleteEndpoint(ctx, id, a.Now())
}

// Resend sends a delivery again, as the same message.
func (a *Service) Resend(ctx context.Context, endpointID, deliveryID int64) error {
	return a.store.Resend(ctx, endpointID, deliveryID, a.Now())
}
