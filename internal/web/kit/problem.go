package kit

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
)

// StatusOf is the one table from application error codes to HTTP status.
var StatusOf = map[fault.Code]int{
	fault.Invalid:          http.StatusUnprocessableEntity,
	fault.NotFound:         http.StatusNotFound,
	fault.Conflict:         http.StatusConflict,
	fault.Unauthorized:     http.StatusUnauthorized,
	fault.Forbidden:        http.StatusForbidden,
	fault.TooLarge:         http.StatusRequestEntityTooLarge,
	fault.RateLimited:      http.StatusTooManyRequests,
	fault.Unsupported:      http.StatusUnsupportedMediaType,
	fault.Internal:         http.StatusInternalServerError,
	fault.MethodNotAllowed: http.StatusMethodNotAllowed,
}

// Problem is an RFC 9457 problem detail, with klacht's extensions: the
// first field at fault, every field problem in "errors", and the request's
// id.
type Problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Code     fault.Code     `json:"code"`
	Field    string         `json:"field,omitempty"`
	Errors   []FieldProblem `json:"errors,omitempty"`
	// RequestID finds the request in the server's logs.
	RequestID string `json:"request_id,omitempty"`
}

// FieldProblem is one field's problem.
type FieldProblem struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// ProblemOf turns any error into a problem in lang. Foreign errors are
// logged with their detail and shown as "internal error" only.
func ProblemOf(r *http.Request, err error, lang i18n.Lang, log *slog.Logger) Problem {
	e, ok := fault.As(err)
	if !ok && store.IsBadText(err) {
		log.WarnContext(r.Context(), "text refused by the database", "method", r.Method, "path", r.URL.Path, "err", err)
		e, ok = fault.New(fault.Invalid, "err.text.stored"), true
	}
	if !ok {
		log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = fault.New(fault.Internal, "err.internal")
	}
	status := StatusOf[e.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	p := Problem{
		Type:     "/api/v1/problems#" + string(e.Code),
		Title:    http.StatusText(status),
		Status:   status,
		Detail:   i18n.T(lang, e.Key, e.Args...),
		Instance: r.URL.Path,
		Code:     e.Code,
		Field:    e.Field(),

		RequestID: RequestID(r.Context()),
	}
	for _, f := range e.Fields {
		p.Errors = append(p.Errors, FieldProblem{Field: f.Field, Detail: i18n.T(lang, f.Key, f.Args...)})
	}
	return p
}

// WriteProblem answers with err as application/problem+json, in English:
// the API's language, stable for clients that log or match on it.
func (s *Core) WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := ProblemOf(r, err, i18n.EN, s.Log)
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="klacht"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	if err := json.NewEncoder(w).Encode(p); err != nil {
		s.Log.WarnContext(r.Context(), "write problem", "err", err)
	}
}

// WriteJSON answers with v as JSON.
func (s *Core) WriteJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.Log.WarnContext(r.Context(), "write json", "err", err)
	}
}
