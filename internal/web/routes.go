package web

import (
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/web/kit"
)

// Routes returns the route table, for tests and documentation.
func (s *Server) Routes() []kit.Route { return s.routes }

// routeTable is every route klacht serves, in one place: the server's own
// (health and metrics), then each audience's list (the API, the public
// pages, the staff pages), each route with the permission the guard checks.
func (s *Server) routeTable() []kit.Route {
	routes := []kit.Route{
		kit.API("GET /healthz", auth.Public, s.healthz),
		kit.API("GET /readyz", auth.Public, s.readyz),
		kit.API("GET /metrics", auth.MetricsRead, s.metrics),
	}
	for _, list := range [][]kit.Route{s.api.Routes(), s.public.Routes(), s.ui.Routes()} {
		routes = append(routes, list...)
	}
	return routes
}

// build wires the route table into a mux behind the common middleware.
func (s *Server) build() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.Pattern, s.guard(rt))
	}
	// A known API path asked with another method answers 405 in JSON; the
	// mux's own 405 would be plain text.
	allowed := map[string][]string{}
	for _, rt := range s.routes {
		if rt.API {
			allowed[rt.Path()] = append(allowed[rt.Path()], rt.Method())
		}
	}
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.WriteProblem(w, r, kit.ErrMethodNotAllowed)
		})
	}
	// Anything unmatched under /api answers in JSON, the rest in HTML.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.WriteProblem(w, r, kit.ErrNotFound)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.ErrorPage(w, r, kit.ErrNotFound)
	})
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.WriteProblem(w, r, kit.ErrForbidden)
			return
		}
		s.ErrorPage(w, r, kit.ErrForbidden)
	}))
	return fromProxies(s.proxies, kit.WithRequestID(s.recoverPanics(s.logRequests(s.securityHeaders(csrf.Handler(mux))))))
}
