// Package ui serves the staff pages: the register, the complaint page,
// the queues, the evaluation, the yearly summary and the administration,
// rendered on the server from html/template, without a build step.
package ui

import (
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/sso"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// Handler serves the staff pages.
type Handler struct {
	*kit.Core
	// SSO, when set, signs staff in through the organisation's identity
	// provider, beside passwords.
	SSO *sso.Provider

	loginByAddr *auth.Backoff
	loginByPair *auth.Backoff
	loginPolicy store.LoginPolicy
}

// New returns the staff pages' handlers over core.
func New(core *kit.Core, provider *sso.Provider) *Handler {
	h := &Handler{Core: core, SSO: provider, loginPolicy: store.DefaultLoginPolicy}
	// Guessing bounds (README, "Signing in"): ten free failures per
	// address and five per account at an address, then waits doubling
	// from a second to a quarter of an hour; a day without failures
	// forgets them.
	h.loginByAddr = auth.NewBackoff(10, time.Second, 15*time.Minute, 24*time.Hour, core.Now)
	h.loginByPair = auth.NewBackoff(5, time.Second, 15*time.Minute, 24*time.Hour, core.Now)
	return h
}
