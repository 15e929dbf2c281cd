package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
)

// maxAuthForm bounds sign-in and password forms.
const maxAuthForm = 64 << 10

// SessionTTL is how long a sign-in lasts: one working day.
const SessionTTL = 12 * time.Hour

func (s *Server) sessionCookie() string {
	if s.secure {
		return "__Host-klacht_session" // the prefix pins it to this host and TLS
	}
	return "klacht_session"
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// startSession signs u in with a fresh session token: a new token at every
// sign-in, so a token planted before cannot ride along.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u auth.User) error {
	// A new session every sign-in, and the one the browser came with
	// ended: a session id planted before sign-in is worth nothing after.
	if c, err := r.Cookie(s.sessionCookie()); err == nil && c.Value != "" {
		if err := s.store.DeleteSession(r.Context(), auth.HashSecret(c.Value)); err != nil {
			return err
		}
	}
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return err
	}
	now := s.now()
	if err := s.store.CreateSession(r.Context(), hash, u.ID, now, now.Add(SessionTTL)); err != nil {
		return err
	}
	s.setCookie(w, s.sessionCookie(), token, SessionTTL)
	return nil
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/complaints"
	}
	return next
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if _, ok := userOf(r); ok {
		http.Redirect(w, r, "/complaints", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type loginPage struct {
	basePage
	Next    string
	SSOName string // the identity provider's name, when single sign-on is on
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := userOf(r); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", loginPage{basePage: s.base(r, "login.title"), Next: r.URL.Query().Get("next"), SSOName: s.ssoName()})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r, maxAuthForm) {
		return
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	password := r.PostForm.Get("password")
	page := loginPage{basePage: s.base(r, "login.title"), Next: r.PostForm.Get("next"), SSOName: s.ssoName()}
	page.Form.Values = r.PostForm
	addr := clientAddr(r)
	if !s.loginByAddr.Allow(addr) || !s.loginByEmail.Allow(email) {
		page.withError(fault.New(fault.RateLimited, "err.rate_limited"))
		s.render(w, r, http.StatusTooManyRequests, "login", page)
		return
	}
	u, err := s.store.UserByEmail(r.Context(), email)
	ok := false
	switch {
	case err == nil && u.Active && u.PasswordHash != "":
		ok = auth.VerifyPassword(u.PasswordHash, password)
	case err == nil || fault.CodeOf(err) == fault.NotFound:
		auth.EqualiseTiming(password)
	default:
		s.errorPage(w, r, err)
		return
	}
	// A locked account stays locked, right password or not (the lock is
	// on the account, across every server).
	if err == nil {
		until, lerr := s.store.LockedUntil(r.Context(), u.ID, s.now())
		if lerr != nil {
			s.errorPage(w, r, lerr)
			return
		}
		if !until.IsZero() {
			page.withError(fault.New(fault.RateLimited, "err.login.locked", page.Time(until)))
			s.render(w, r, http.StatusTooManyRequests, "login", page)
			return
		}
	}
	if !ok {
		s.loginByAddr.Fail(addr)
		s.loginByEmail.Fail(email)
		if err == nil {
			if _, lerr := s.store.LoginFailed(r.Context(), u.ID, s.loginPolicy, s.now()); lerr != nil {
				s.errorPage(w, r, lerr)
				return
			}
		}
		page.withError(fault.New(fault.Unauthorized, "err.login"))
		// 200, not 401: a 401 promises an HTTP authentication challenge,
		// and this is a form asking again.
		s.render(w, r, http.StatusOK, "login", page)
		return
	}
	s.loginByEmail.Reset(email)
	if u.TOTP {
		// The password was right; the code of the user's app comes next.
		if err := s.askCode(w, r, u, page.Next); err != nil {
			s.errorPage(w, r, err)
		}
		return
	}
	s.signedIn(w, r, u, safeNext(page.Next))
}

// signedIn finishes a sign-in, by password, code or single sign-on: the
// account's failures are cleared and the sign-in recorded, a new session
// starts, and the user goes on to next.
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request, u auth.User, next string) {
	if err := s.store.LoginSucceeded(r.Context(), u.ID, s.now()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.sessionCookie()); err == nil {
		if err := s.store.DeleteSession(r.Context(), auth.HashSecret(c.Value)); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	s.setCookie(w, s.sessionCookie(), "", -time.Second)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// logoutEverywhere ends every session of the user, on every device.
func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	u, _ := userOf(r)
	if _, err := s.store.DeleteUserSessions(r.Context(), u.ID, s.now()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.setCookie(w, s.sessionCookie(), "", -time.Second)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang switches the UI language and remembers it: on the user when
// signed in, in a cookie otherwise.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	lang, ok := i18n.Parse(r.FormValue("lang"))
	if !ok {
		s.errorPage(w, r, fault.InvalidField("lang", "err.language"))
		return
	}
	if u, signedIn := userOf(r); signedIn {
		if err := s.store.SetUserLang(r.Context(), u.ID, string(lang)); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	s.setCookie(w, "klacht_lang", string(lang), 365*24*time.Hour)
	http.Redirect(w, r, safeNext(r.FormValue("next")), http.StatusSeeOther)
}

type linkPage struct {
	basePage
	Token string
	Email string
}

// checkLinkOr404 answers with an error page unless the path holds a valid
// one-time link for purpose.
func (s *Server) checkLinkOr404(w http.ResponseWriter, r *http.Request, purpose string) (store.Link, bool) {
	token := r.PathValue("token")
	l, err := s.store.CheckLink(r.Context(), auth.HashSecret(token), s.now())
	if err == nil && l.Purpose != purpose {
		err = fault.New(fault.NotFound, "err.link")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return l, false
	}
	return l, true
}

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.checkLinkOr404(w, r, store.LinkSetupAdmin); !ok {
		return
	}
	s.render(w, r, http.StatusOK, "setup", linkPage{basePage: s.base(r, "setup.title"), Token: r.PathValue("token")})
}

// setup creates the first administrator from the one-time link that
// klacht serve printed.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r, maxAuthForm) {
		return
	}
	page := linkPage{basePage: s.base(r, "setup.title"), Token: r.PathValue("token")}
	page.Form.Values = r.PostForm
	f := r.PostForm
	var errs fault.Validation
	u, err := auth.NewUser(f.Get("email"), f.Get("name"), auth.RoleAdmin, "", string(page.Lang))
	if e, ok := fault.As(err); ok {
		for _, fe := range e.Fields {
			errs.Add(fe.Field, fe.Key, fe.Args...)
		}
	}
	checkNewPassword(&errs, f.Get("password"), f.Get("password2"))
	if err := errs.Err(); err != nil {
		page.withError(err)
		s.render(w, r, http.StatusUnprocessableEntity, "setup", page)
		return
	}
	if u.PasswordHash, err = auth.HashPassword(f.Get("password")); err != nil {
		s.errorPage(w, r, err)
		return
	}
	u, err = s.store.CompleteSetup(r.Context(), auth.HashSecret(page.Token), u, s.now())
	if err != nil {
		if !page.withError(err) {
			s.errorPage(w, r, err)
			return
		}
		s.render(w, r, statusOf[fault.CodeOf(err)], "setup", page)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/complaints", http.StatusSeeOther)
}

func checkNewPassword(errs *fault.Validation, pw, again string) {
	if err := auth.CheckPassword("password", pw); err != nil {
		e, _ := fault.As(err)
		errs.Add("password", e.Fields[0].Key, e.Fields[0].Args...)
	} else if pw != again {
		errs.Add("password2", "err.password.mismatch")
	}
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	l, ok := s.checkLinkOr404(w, r, store.LinkSetPassword)
	if !ok {
		return
	}
	page := linkPage{basePage: s.base(r, "password.title"), Token: r.PathValue("token")}
	if u, err := s.store.UserByID(r.Context(), l.UserID); err == nil {
		page.Email = u.Email
	}
	s.render(w, r, http.StatusOK, "password", page)
}

// setPassword sets a user's password from a one-time link (made by
// klacht user add) and signs them in.
func (s *Server) setPassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r, maxAuthForm) {
		return
	}
	page := linkPage{basePage: s.base(r, "password.title"), Token: r.PathValue("token")}
	var errs fault.Validation
	checkNewPassword(&errs, r.PostForm.Get("password"), r.PostForm.Get("password2"))
	if err := errs.Err(); err != nil {
		page.withError(err)
		s.render(w, r, http.StatusUnprocessableEntity, "password", page)
		return
	}
	hash, err := auth.HashPassword(r.PostForm.Get("password"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	uid, err := s.store.SetPasswordWithLink(r.Context(), auth.HashSecret(page.Token), hash, s.now())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	u, err := s.store.UserByID(r.Context(), uid)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/complaints?notice=password_set", http.StatusSeeOther)
}
