package kit

import (
	"net"
	"net/http"

	"github.com/klacht/klacht/internal/fault"
)

var (
	ErrNotFound         = fault.New(fault.NotFound, "err.not_found")
	ErrForbidden        = fault.New(fault.Forbidden, "err.forbidden")
	ErrUnauthorized     = fault.New(fault.Unauthorized, "err.session")
	ErrMethodNotAllowed = fault.New(fault.MethodNotAllowed, "err.method")
)

// ClientAddr is the peer address without port. Forwarded headers are not
// trusted: behind a proxy, every client shares the proxy's limit.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
