package kit

import (
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
)

// Route is one entry of the Route table: the pattern, what it needs, and
// whether it speaks JSON (API) or HTML (staff UI).
type Route struct {
	Pattern string // ServeMux pattern with method, e.g. "GET /api/v1/complaints"
	Perm    auth.Permission
	API     bool
	Handler http.HandlerFunc
}

// Method and Path split the pattern.
func (rt Route) Method() string { m, _, _ := strings.Cut(rt.Pattern, " "); return m }

func (rt Route) Path() string { _, p, _ := strings.Cut(rt.Pattern, " "); return p }

// OnBehalf serves a public page that acts for whoever holds its signed
// link (the complainant's status page, the outside expert's page) or files
// a complaint (the public form): the handler checks the link first, then
// reads and changes that one complaint as klacht's own machinery. Every
// other public route carries no scope, so a read of complaints fails.
func OnBehalf(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h(w, r.WithContext(store.System(r.Context())))
	}
}

// API is a route that speaks JSON.
func API(pattern string, perm auth.Permission, h http.HandlerFunc) Route {
	return Route{Pattern: pattern, Perm: perm, API: true, Handler: h}
}

// UI is a route that answers with a page.
func UI(pattern string, perm auth.Permission, h http.HandlerFunc) Route {
	return Route{Pattern: pattern, Perm: perm, Handler: h}
}
