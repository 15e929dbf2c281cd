package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
	"github.com/klacht/klacht/internal/webhook"
)

// Webhook endpoints, for administrators (auth.WebhookManage): register an
// endpoint, choose what it hears and as which role, read its delivery log
// and send a delivery again.

type webhooksPage struct {
	kit.Page
	Endpoints []webhook.Endpoint
	Types     []string
}

func (s *Handler) webhooksPage(w http.ResponseWriter, r *http.Request) {
	s.renderWebhooks(w, r, http.StatusOK, url.Values{"role": {"membership_admin"}}, nil)
}

func (s *Handler) renderWebhooks(w http.ResponseWriter, r *http.Request, status int, values url.Values, formErr error) {
	es, err := s.Store.Endpoints(r.Context())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := webhooksPage{Page: s.Page(r, "webhooks.title"), Endpoints: es, Types: webhook.Types}
	page.Form.Values = values
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	s.Render(w, r, status, "webhooks", page)
}

func formEndpoint(f url.Values) app.EndpointInput {
	active := f.Get("active") == "true"
	return app.EndpointInput{URL: f.Get("url"), Description: f.Get("description"), Types: f["types"],
		Role: f.Get("role"), Secret: f.Get("secret"), Active: &active}
}

func (s *Handler) createWebhookFromForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	in := formEndpoint(r.PostForm)
	in.Active = nil // a new endpoint is active
	e, err := s.App.AddEndpoint(r.Context(), in)
	if err != nil {
		s.renderWebhooks(w, r, kit.StatusOf[fault.CodeOf(err)], r.PostForm, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(e.ID, 10)+"?notice=webhook_added", http.StatusSeeOther)
}

type webhookPage struct {
	kit.Page
	Endpoint   webhook.Endpoint
	Types      []string
	Deliveries []webhook.Delivery
	NextBefore int64
}

func (s *Handler) webhookPage(w http.ResponseWriter, r *http.Request) {
	s.renderWebhook(w, r, http.StatusOK, nil)
}

func (s *Handler) renderWebhook(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	e, err := s.Store.Endpoint(r.Context(), id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	ds, err := s.Store.Deliveries(r.Context(), id, before, kit.WebhookPageSize)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := webhookPage{Page: s.Page(r, "webhooks.edit"), Endpoint: e, Types: webhook.Types, Deliveries: ds}
	page.Title = e.URL
	if len(ds) == kit.WebhookPageSize {
		page.NextBefore = ds[len(ds)-1].ID
	}
	page.Form.Values = url.Values{"url": {e.URL}, "description": {e.Description}, "role": {string(e.Role)},
		"types": e.Types}
	if e.Active {
		page.Form.Values.Set("active", "true")
	}
	if formErr != nil {
		page.Form.Values = r.PostForm
		if !page.WithError(formErr) {
			s.ErrorPage(w, r, formErr)
			return
		}
	}
	s.Render(w, r, status, "webhook", page)
}

func (s *Handler) updateWebhookFromForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	id, err := kit.PathID(r, "id")
	if err == nil {
		_, err = s.App.UpdateEndpoint(r.Context(), id, formEndpoint(r.PostForm))
	}
	if err != nil {
		s.renderWebhook(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(id, 10)+"?notice=updated", http.StatusSeeOther)
}

func (s *Handler) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err == nil {
		err = s.App.DeleteEndpoint(r.Context(), id)
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks?notice=webhook_deleted", http.StatusSeeOther)
}

func (s *Handler) rotateWebhookSecret(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err == nil {
		_, err = s.App.RotateSecret(r.Context(), id)
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(id, 10)+"?notice=webhook_secret", http.StatusSeeOther)
}

func (s *Handler) resendWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	delivery, err := kit.PathID(r, "delivery_id")
	if err == nil {
		err = s.App.Resend(r.Context(), id, delivery)
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(id, 10)+"?notice=webhook_resent", http.StatusSeeOther)
}
