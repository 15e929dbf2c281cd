package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/metrics"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// guard identifies the user and checks the route's permission against the
// one matrix (auth.Can) before the handler runs.
// enrolmentAllowed are the pages a user who must set up a second factor
// may still reach.
var enrolmentAllowed = map[string]bool{"GET /account/totp": true, "POST /account/totp": true, "POST /logout": true,
	"GET /static/": true, "POST /lang": true, "GET /login": true, "POST /login": true}

func (s *Server) guard(rt kit.Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, known, err := s.identify(r, rt.API)
		if err != nil && rt.Perm != auth.Public {
			s.fail(w, r, rt, err)
			return
		}
		// Who acts, for the audit log: the user, or on public pages the
		// complainant, each with the address they came from.
		actor := audit.Actor{Name: "public", IP: kit.ClientAddr(r)}
		if known {
			actor = audit.Actor{UserID: u.ID, Name: u.Name, Role: string(u.Role), IP: actor.IP}
			// Need to know: every read of complaints under this request is
			// limited to what the user's role may see (store.Scope).
			ctx := store.WithScope(
				kit.WithUser(r.Context(), u),
				store.Scope{UserID: u.ID, Department: u.Department, Visibility: auth.VisibilityOf(u.Role)},
			)
			r = r.WithContext(ctx)
		}
		r = r.WithContext(audit.WithActor(r.Context(), actor))
		// An administrator or DPO who must use a second factor sets it up
		// before anything else (the organisation's choice).
		if known && !rt.API && s.NeedsEnrolment(u) && !enrolmentAllowed[rt.Pattern] {
			http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
			return
		}
		switch {
		case rt.Perm == auth.Public:
		case !known:
			s.fail(w, r, rt, kit.ErrUnauthorized)
			return
		case !auth.Can(u.Role, rt.Perm):
			s.fail(w, r, rt, kit.ErrForbidden)
			return
		}
		if err := kit.QueryTextError(r); err != nil {
			s.fail(w, r, rt, err)
			return
		}
		rt.Handler(w, r)
	})
}

// identify finds who is asking: a bearer token (API only) or the session
// cookie. A bad bearer token is an error; no credentials is not.
func (s *Server) identify(r *http.Request, api bool) (auth.User, bool, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); api && h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			return auth.User{}, false, fault.New(fault.Unauthorized, "err.token")
		}
		u, err := s.Store.TokenUser(ctx, auth.HashSecret(strings.TrimSpace(token)), s.Now())
		if err != nil {
			return u, false, err
		}
		return u, true, nil
	}
	c, err := r.Cookie(s.SessionCookie())
	if err != nil || c.Value == "" {
		return auth.User{}, false, nil
	}
	u, err := s.Store.SessionUser(ctx, auth.HashSecret(c.Value), s.Now())
	if fault.CodeOf(err) == fault.Unauthorized {
		return u, false, nil // an expired session is the same as none
	}
	if err != nil {
		return u, false, err
	}
	return u, true, nil
}

// fail answers an auth failure: problem+json on the API; on the UI a
// redirect to the sign-in page for GET, an error page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rt kit.Route, err error) {
	if rt.API {
		s.WriteProblem(w, r, err)
		return
	}
	if fault.CodeOf(err) == fault.Unauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.ErrorPage(w, r, err)
}

// securityHeaders sets a strict policy on every response: no inline script
// or style, no framing, no sniffing, and HSTS when served over TLS.
// maxRequestBody caps every request body: the largest route (a CSV import
// or a complaint with attachments) stays well under it.
const maxRequestBody = 32 << 20

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/status/") {
			// The status link is the complainant's key: no page it leads
			// to may learn it from the Referer.
			h.Set("Referrer-Policy", "no-referrer")
		}
		// No request needs more than this; each route sets its own, lower
		// limit where it reads a body.
		r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.Secure {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request, without query strings (they can
// hold search terms, which are personal data).
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		// The mux set the route's pattern on r: latency by route, not by
		// path, so references do not become labels.
		metrics.Default.ObserveRequest(r.Pattern, r.Method, status, time.Since(start))
		level := slog.LevelDebug
		if rec.status >= 500 {
			level = slog.LevelError
		}
		s.Log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "bytes", rec.bytes, "duration", time.Since(start), "remote", kit.ClientAddr(r))
	})
}

// recoverPanics turns a panic in a handler into a logged 500.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.ErrorContext(r.Context(), "panic", "value", v, "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
