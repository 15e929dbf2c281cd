package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// startSession signs u in with a fresh session token: a new token at every
// sign-in, so a token planted before cannot ride along.
func (s *Handler) startSession(w http.ResponseWriter, r *http.Request, u auth.User) error {
	// A new session every sign-in, and the one the browser came with
	// ended: a session id planted before sign-in is worth nothing after.
	old := ""
	if c, err := r.Cookie(s.SessionCookie()); err == nil {
		old = c.Value
	}
	token, err := s.App.StartSession(r.Context(), u.ID, old)
	if err != nil {
		return err
	}
	s.SetCookie(w, s.SessionCookie(), token, app.SessionTTL)
	return nil
}

// safeNext keeps a post-login redirect on this site: only a path of this
// origin passes; anything a browser could read as another host (//x,
// /\x, a tab or line break it strips first, their percent-encoded forms,
// a scheme) gives the start page.
func safeNext(next string) string {
	const home = "/complaints"
	if !sameOriginPath(next) {
		return home
	}
	// Percent-decoded, it must still be a plain path: a proxy or a
	// framework that decodes once must not find //evil.example in it.
	for range 3 {
		dec, err := url.PathUnescape(next)
		if err != nil {
			return home
		}
		if dec == next {
			break
		}
		if !sameOriginPath(dec) {
			return home
		}
		next = dec
	}
	return next
}

// sameOriginPath reports whether p is a path on this origin as browsers
// read it: "/" then no second slash or backslash, no control characters
// (which browsers drop before parsing), no scheme or host.
func sameOriginPath(p string) bool {
	if len(p) == 0 || len(p) > 2048 || p[0] != '/' || !utf8.ValidString(p) {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) ||
			unicode.In(r, unicode.Cf, unicode.Z) {
			return false
		}
	}
	if len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}

func (s *Handler) home(w http.ResponseWriter, r *http.Request) {
	if _, ok := kit.UserOf(r); ok {
		http.Redirect(w, r, "/complaints", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type loginPage struct {
	kit.Page
	Next    string
	SSOName string // the identity provider's name, when single sign-on is on
	Guarded bool   // the account is guarded: a link by e-mail finishes the sign-in
}

func (s *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := kit.UserOf(r); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.Render(
		w,
		r,
		http.StatusOK,
		"login",
		loginPage{Page: s.Page(r, "login.title"), Next: r.URL.Query().Get("next"), SSOName: s.ssoName()},
	)
}

func (s *Handler) login(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	password := r.PostForm.Get("password")
	page := loginPage{Page: s.Page(r, "login.title"), Next: r.PostForm.Get("next"), SSOName: s.ssoName()}
	page.Form.Values = r.PostForm
	addr, pair := kit.ClientAddr(r), email+"\x00"+kit.ClientAddr(r)
	// Guessing is bounded per address and per account at an address, with
	// growing delays; the account's owner elsewhere is never held up.
	if wait := max(s.loginByAddr.Wait(addr), s.loginByPair.Wait(pair)); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		page.WithError(fault.New(fault.RateLimited, "err.login.wait", waitText(page.Lang, wait)))
		s.Render(w, r, http.StatusTooManyRequests, "login", page)
		return
	}
	u, err := s.Store.UserByEmail(r.Context(), email)
	ok := false
	switch {
	case err == nil && u.Active && u.PasswordHash != "":
		ok = auth.VerifyPassword(u.PasswordHash, password)
	case err == nil || fault.CodeOf(err) == fault.NotFound:
		auth.EqualiseTiming(password)
	default:
		s.ErrorPage(w, r, err)
		return
	}
	// An account many have guessed at from anywhere is guarded (across
	// every server): the right password then signs in only through a link
	// e-mailed to the account. Right or wrong, the page says the same.
	guarded := false
	if err == nil {
		until, lerr := s.Store.LockedUntil(r.Context(), u.ID, s.Now())
		if lerr != nil {
			s.ErrorPage(w, r, lerr)
			return
		}
		guarded = !until.IsZero()
	}
	if !ok {
		if ferr := s.loginFailed(r, addr, pair, u, err == nil); ferr != nil {
			s.ErrorPage(w, r, ferr)
			return
		}
		if guarded {
			s.renderGuarded(w, r, page)
			return
		}
		page.WithError(fault.New(fault.Unauthorized, "err.login"))
		// 200, not 401: a 401 promises an HTTP authentication challenge,
		// and this is a form asking again.
		s.Render(w, r, http.StatusOK, "login", page)
		return
	}
	s.loginByPair.Reset(pair)
	if guarded {
		if err := s.sendUnlockLink(r, u, page.Next); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		s.renderGuarded(w, r, page)
		return
	}
	if u.TOTP {
		// The password was right; the code of the user's app comes next.
		if err := s.askCode(w, r, u, page.Next); err != nil {
			s.ErrorPage(w, r, err)
		}
		return
	}
	s.signedIn(w, r, u, safeNext(page.Next))
}

// loginFailed counts a failed sign-in at the address, the account at the
// address and (known accounts) the account; the start of each wait and the
// account's guard are written to the audit log.
func (s *Handler) loginFailed(r *http.Request, addr, pair string, u auth.User, known bool) error {
	ctx, now := r.Context(), s.Now()
	for _, k := range []struct {
		b       *auth.Backoff
		key     string
		object  string
		subject string
	}{{s.loginByAddr, addr, audit.Object("address", addr), "address"}, {s.loginByPair, pair, audit.Object("user", u.ID), "account at " + addr}} {
		wait, started := k.b.Fail(k.key)
		if started && (k.subject == "address" || known) {
			if err := s.App.Record(ctx, audit.Entry{At: now, Action: "auth.delayed", Object: k.object,
				Detail: fmt.Sprintf("%s waits %s after failed sign-ins", k.subject, wait)}); err != nil {
				return err
			}
		}
	}
	if !known {
		return nil
	}
	return s.App.SignInFailed(ctx, u.ID, s.loginPolicy)
}

// renderGuarded answers a sign-in to a guarded account, the same whether
// the password was right (a link is on its way) or not.
func (s *Handler) renderGuarded(w http.ResponseWriter, r *http.Request, page loginPage) {
	page.Form.Values.Del("password")
	page.Guarded = true
	s.Render(w, r, http.StatusOK, "login", page)
}

// sendUnlockLink e-mails the owner of a guarded account a link that
// finishes the sign-in; one per quarter of an hour.
func (s *Handler) sendUnlockLink(r *http.Request, u auth.User, next string) error {
	return s.App.SendUnlockLink(r.Context(), u, safeNext(next))
}

type unlockPage struct {
	kit.Page
	Token, Next string
}

// unlockForm shows the e-mailed link's page; only its button (a POST)
// uses the link, so a mail scanner opening links cannot spend it.
func (s *Handler) unlockForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Store.CheckLink(r.Context(), auth.HashSecret(r.PathValue("token")), s.Now()); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "unlock", unlockPage{Page: s.Page(r, "unlock.title"), Token: r.PathValue("token"),
		Next: safeNext(r.URL.Query().Get("next"))})
}

// unlock uses the link: the guard is lifted, and the sign-in goes on as
// after the right password (the code of the user's app, if they have one).
func (s *Handler) unlock(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, err := s.App.Unlock(r.Context(), r.PathValue("token"))
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	if u.TOTP {
		if err := s.askCode(w, r, u, next); err != nil {
			s.ErrorPage(w, r, err)
		}
		return
	}
	s.signedIn(w, r, u, next)
}

// waitText says how long to wait, in whole minutes or seconds.
func waitText(lang i18n.Lang, d time.Duration) string {
	unit, n := "unit.second", int(d.Seconds())+1
	if d >= time.Minute {
		unit, n = "unit.minute", int((d+time.Minute-1)/time.Minute)
	}
	return i18n.N(lang, unit, n)
}

// signedIn finishes a sign-in, by password, code or single sign-on: the
// account's failures are cleared and the sign-in recorded, a new session
// starts, and the user goes on to next.
func (s *Handler) signedIn(w http.ResponseWriter, r *http.Request, u auth.User, next string) {
	if err := s.App.SignedIn(r.Context(), u.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.SessionCookie()); err == nil {
		if err := s.App.EndSession(r.Context(), c.Value); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	s.SetCookie(w, s.SessionCookie(), "", -time.Second)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// logoutEverywhere ends every session of the user, on every device.
func (s *Handler) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	if err := s.App.EndAllSessions(r.Context(), u.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.SetCookie(w, s.SessionCookie(), "", -time.Second)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang switches the UI language and remembers it: on the user when
// signed in, in a cookie otherwise.
func (s *Handler) setLang(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	lang, ok := i18n.Parse(r.FormValue("lang"))
	if !ok {
		s.ErrorPage(w, r, fault.InvalidField("lang", "err.language"))
		return
	}
	if u, signedIn := kit.UserOf(r); signedIn {
		if err := s.App.SetLanguage(r.Context(), u.ID, lang); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	s.SetCookie(w, "klacht_lang", string(lang), 365*24*time.Hour)
	http.Redirect(w, r, safeNext(r.FormValue("next")), http.StatusSeeOther)
}

type linkPage struct {
	kit.Page
	Token string
	Email string
}

// checkLinkOr404 answers with an error page unless the path holds a valid
// one-time link for purpose.
func (s *Handler) checkLinkOr404(w http.ResponseWriter, r *http.Request, purpose string) (store.Link, bool) {
	token := r.PathValue("token")
	l, err := s.Store.CheckLink(r.Context(), auth.HashSecret(token), s.Now())
	if err == nil && l.Purpose != purpose {
		err = fault.New(fault.NotFound, "err.link")
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return l, false
	}
	return l, true
}

func (s *Handler) setupForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.checkLinkOr404(w, r, store.LinkSetupAdmin); !ok {
		return
	}
	s.Render(w, r, http.StatusOK, "setup", linkPage{Page: s.Page(r, "setup.title"), Token: r.PathValue("token")})
}

// setup creates the first administrator from the one-time link that
// klacht serve printed.
func (s *Handler) setup(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	page := linkPage{Page: s.Page(r, "setup.title"), Token: r.PathValue("token")}
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
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "setup", page)
		return
	}
	if u.PasswordHash, err = auth.HashPassword(f.Get("password")); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	u, err = s.App.CompleteSetup(r.Context(), page.Token, u)
	if err != nil {
		if !page.WithError(err) {
			s.ErrorPage(w, r, err)
			return
		}
		s.Render(w, r, kit.StatusOf[fault.CodeOf(err)], "setup", page)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.ErrorPage(w, r, err)
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

func (s *Handler) passwordForm(w http.ResponseWriter, r *http.Request) {
	l, ok := s.checkLinkOr404(w, r, store.LinkSetPassword)
	if !ok {
		return
	}
	page := linkPage{Page: s.Page(r, "password.title"), Token: r.PathValue("token")}
	if u, err := s.Store.UserByID(r.Context(), l.UserID); err == nil {
		page.Email = u.Email
	}
	s.Render(w, r, http.StatusOK, "password", page)
}

// setPassword sets a user's password from a one-time link (made by
// klacht user add) and signs them in.
func (s *Handler) setPassword(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	page := linkPage{Page: s.Page(r, "password.title"), Token: r.PathValue("token")}
	var errs fault.Validation
	checkNewPassword(&errs, r.PostForm.Get("password"), r.PostForm.Get("password2"))
	if err := errs.Err(); err != nil {
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "password", page)
		return
	}
	hash, err := auth.HashPassword(r.PostForm.Get("password"))
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	u, err := s.App.SetPassword(r.Context(), page.Token, hash)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/complaints?notice=password_set", http.StatusSeeOther)
}
