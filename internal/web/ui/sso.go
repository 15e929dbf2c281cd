package ui

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/sso"
	"github.com/klacht/klacht/internal/web/kit"
)

// Single sign-on (OpenID Connect): the organisation's identity provider
// says who signs in and, by its role claim, as what. A person it names
// is made a user at their first sign-in; their role follows the provider
// at every sign-in, and each change is in the audit log.

const ssoCookie = "klacht_sso"

// ssoName names the identity provider on the sign-in page; empty without
// single sign-on.
func (s *Handler) ssoName() string {
	if s.SSO == nil {
		return ""
	}
	if n := s.SSO.Name(); n != "" {
		return n
	}
	return "SSO"
}

func (s *Handler) ssoStart(w http.ResponseWriter, r *http.Request) {
	if s.SSO == nil {
		s.ErrorPage(w, r, kit.ErrNotFound)
		return
	}
	state, _, err := auth.NewSecret("")
	if err == nil {
		var nonce string
		if nonce, _, err = auth.NewSecret(""); err == nil {
			s.SetCookie(w, ssoCookie, state+"."+nonce, 10*time.Minute)
			http.Redirect(w, r, s.SSO.AuthURL(state, nonce), http.StatusSeeOther)
			return
		}
	}
	s.ErrorPage(w, r, err)
}

func (s *Handler) ssoCallback(w http.ResponseWriter, r *http.Request) {
	if s.SSO == nil {
		s.ErrorPage(w, r, kit.ErrNotFound)
		return
	}
	c, err := r.Cookie(ssoCookie)
	state, nonce, ok := strings.Cut(func() string {
		if err != nil {
			return ""
		}
		return c.Value
	}(), ".")
	if !ok || state == "" || r.URL.Query().Get("state") != state {
		// A callback this browser did not start: a forged or replayed one.
		s.ErrorPage(w, r, fault.New(fault.Unauthorized, "err.sso.state"))
		return
	}
	s.SetCookie(w, ssoCookie, "", -time.Second)
	if e := r.URL.Query().Get("error"); e != "" {
		s.ErrorPage(w, r, fault.New(fault.Unauthorized, "err.sso.refused", e))
		return
	}
	id, err := s.SSO.Exchange(r.Context(), r.URL.Query().Get("code"), nonce)
	if errors.Is(err, sso.ErrNoRole) {
		err := s.App.Record(r.Context(), audit.Entry{Action: "auth.sso_no_role", Object: "email:" + id.Email})
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		s.ErrorPage(w, r, fault.New(fault.Forbidden, "err.sso.no_role"))
		return
	}
	if err != nil {
		s.Log.WarnContext(r.Context(), "single sign-on", "err", err)
		s.ErrorPage(w, r, fault.New(fault.Unauthorized, "err.sso.failed"))
		return
	}
	u, err := s.App.SSOUser(r.Context(), id.Email, id.Name, id.Role)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if !u.Active {
		s.ErrorPage(w, r, fault.New(fault.Forbidden, "err.sso.inactive"))
		return
	}
	s.signedIn(w, r, u, "/complaints")
}
