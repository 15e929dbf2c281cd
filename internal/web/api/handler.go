// Package api is klacht's JSON API under /api/v1: what other systems and
// scripts use. A handler parses the request, calls the use cases (or reads
// the store under the caller's scope) and writes JSON; errors are answered
// as RFC 9457 problems.
package api

import "github.com/klacht/klacht/internal/web/kit"

// Handler serves the API's routes.
type Handler struct{ *kit.Core }

// New returns the API's handlers over core.
func New(core *kit.Core) *Handler { return &Handler{Core: core} }
