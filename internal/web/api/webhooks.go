package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
	"github.com/klacht/klacht/internal/webhook"
)

// Webhook endpoints and their delivery logs, for administrators
// (auth.WebhookManage).

// EndpointView is an endpoint as the API shows it, its secret included:
// the administrator hands it to the receiver.
type EndpointView struct {
	ID          int64     `json:"id"`
	URL         string    `json:"url"`
	Description string    `json:"description"`
	Types       []string  `json:"types"`
	Role        auth.Role `json:"role"`
	Secret      string    `json:"secret"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func viewEndpoint(e webhook.Endpoint) EndpointView {
	types := e.Types
	if types == nil {
		types = []string{}
	}
	return EndpointView{ID: e.ID, URL: e.URL, Description: e.Description, Types: types, Role: e.Role,
		Secret: e.Secret, Active: e.Active, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
}

// DeliveryView is one line of an endpoint's delivery log.
type DeliveryView struct {
	ID            int64      `json:"id"`
	MsgID         string     `json:"msg_id"`
	Type          string     `json:"type"`
	Subject       string     `json:"subject"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	ResponseCode  int        `json:"response_code"`
	LastError     string     `json:"last_error"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
	CreatedAt     time.Time  `json:"created_at"`
	DoneAt        *time.Time `json:"done_at"`
}

func viewDelivery(d webhook.Delivery) DeliveryView {
	v := DeliveryView{ID: d.ID, MsgID: d.MsgID, Type: d.Type, Subject: d.Subject, Status: d.Status,
		Attempts: d.Attempts, ResponseCode: d.ResponseCode, LastError: d.LastError, CreatedAt: d.CreatedAt}
	if d.Status == webhook.Pending {
		v.NextAttemptAt = &d.NextAttemptAt
	}
	if !d.DoneAt.IsZero() {
		v.DoneAt = &d.DoneAt
	}
	return v
}

func (s *Handler) apiListEndpoints(w http.ResponseWriter, r *http.Request) {
	es, err := s.Store.Endpoints(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	views := make([]EndpointView, len(es))
	for i, e := range es {
		views[i] = viewEndpoint(e)
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": views, "types": webhook.Types})
}

func (s *Handler) apiCreateEndpoint(w http.ResponseWriter, r *http.Request) {
	var in app.EndpointInput
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	e, err := s.App.AddEndpoint(r.Context(), in)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/webhooks/"+strconv.FormatInt(e.ID, 10))
	s.WriteJSON(w, r, http.StatusCreated, viewEndpoint(e))
}

func (s *Handler) apiGetEndpoint(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	e, err := s.Store.Endpoint(r.Context(), id)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewEndpoint(e))
}

func (s *Handler) apiUpdateEndpoint(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	var in app.EndpointInput
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	e, err := s.App.UpdateEndpoint(r.Context(), id, in)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewEndpoint(e))
}

func (s *Handler) apiDeleteEndpoint(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err == nil {
		err = s.App.DeleteEndpoint(r.Context(), id)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Handler) apiRotateSecret(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	e, err := s.App.RotateSecret(r.Context(), id)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewEndpoint(e))
}

func (s *Handler) apiDeliveries(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if _, err := s.Store.Endpoint(r.Context(), id); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		if before, err = strconv.ParseInt(b, 10, 64); err != nil || before <= 0 {
			s.WriteProblem(w, r, fault.InvalidField("before", "err.number"))
			return
		}
	}
	ds, err := s.Store.Deliveries(r.Context(), id, before, kit.WebhookPageSize)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	views := make([]DeliveryView, len(ds))
	for i, d := range ds {
		views[i] = viewDelivery(d)
	}
	out := map[string]any{"items": views}
	if len(ds) == kit.WebhookPageSize {
		out["next_before"] = ds[len(ds)-1].ID
	}
	s.WriteJSON(w, r, http.StatusOK, out)
}

func (s *Handler) apiResend(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	delivery, err := kit.PathID(r, "delivery_id")
	if err == nil {
		err = s.App.Resend(r.Context(), id, delivery)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
