package kit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
)

// Every request has an id: in the X-Request-Id header of the answer, in
// every log line written while it is served, and in the problem or error
// page a user sees, so an error someone reports can be found in the logs.
// A proxy's own X-Request-Id is kept when it looks like one.

type requestIDKey struct{}

// RequestIDHeader is the header that carries the id both ways.
const RequestIDHeader = "X-Request-Id"

var goodRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// WithRequestID gives each request its id.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !goodRequestID.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b) // crypto/rand does not fail (Go 1.24+)
			id = hex.EncodeToString(b)
		}
		w.Header().Set(RequestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// RequestID is the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// LogRequestIDs wraps h so that every record logged with a request's
// context carries its id.
func LogRequestIDs(h slog.Handler) slog.Handler { return requestIDHandler{h} }

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, rec slog.Record) error {
	if id := RequestID(ctx); id != "" {
		rec.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, rec)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
