package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/sso"
)

// Single sign-on (OpenID Connect): the organisation's identity provider
// says who signs in and, by its role claim, as what. A person it names
// is made a user at their first sign-in; their role follows the provider
// at every sign-in, and each change is in the audit log.

const ssoCookie = "klacht_sso"

// ssoName names the identity provider on the sign-in page; empty without
// single sign-on.
func (s *Server) ssoName() string {
	if s.sso == nil {
		return ""
	}
	if n := s.sso.Name(); n != "" {
		return n
	}
	return "SSO"
}

func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) {
	if s.sso == nil {
		s.errorPage(w, r, notFound)
		return
	}
	state, _, err := auth.NewSecret("")
	if err == nil {
		var nonce string
		if nonce, _, err = auth.NewSecret(""); err == nil {
			s.setCookie(w, ssoCookie, state+"."+nonce, 10*time.Minute)
			http.Redirect(w, r, s.sso.AuthURL(state, nonce), http.StatusSeeOther)
			return
		}
	}
	s.errorPage(w, r, err)
}

func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) {
	if s.sso == nil {
		s.errorPage(w, r, notFound)
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
		s.errorPage(w, r, fault.New(fault.Unauthorized, "err.sso.state"))
		return
	}
	s.setCookie(w, ssoCookie, "", -time.Second)
	if e := r.URL.Query().Get("error"); e != "" {
		s.errorPage(w, r, fault.New(fault.Unauthorized, "err.sso.refused", e))
		return
	}
	id, err := s.sso.Exchange(r.Context(), r.URL.Query().Get("code"), nonce)
	if errors.Is(err, sso.ErrNoRole) {
		s.store.Audit(r.Context(), audit.Entry{At: s.now(), Action: "auth.sso_no_role", Object: "email:" + id.Email})
		s.errorPage(w, r, fault.New(fault.Forbidden, "err.sso.no_role"))
		return
	}
	if err != nil {
		s.log.WarnContext(r.Context(), "single sign-on", "err", err)
		s.errorPage(w, r, fault.New(fault.Unauthorized, "err.sso.failed"))
		return
	}
	u, err := s.store.SSOUser(r.Context(), id.Email, id.Name, id.Role, s.Profile().DefaultLanguage, s.now())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if !u.Active {
		s.errorPage(w, r, fault.New(fault.Forbidden, "err.sso.inactive"))
		return
	}
	s.signedIn(w, r, u, "/complaints")
}
