package ui

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// The second factor (TOTP): a sign-in that passed its password waits for
// the code of the user's authenticator app; enrolment shows the secret and
// confirms it with a first code. When the organisation turns TOTP on,
// administrators and the DPO must enrol before anything else.

// challengeCookie carries the waiting sign-in, for five minutes.
const (
	challengeCookie = "klacht_2fa"
)

// askCode keeps the sign-in waiting for its code and shows the code form.
func (s *Handler) askCode(w http.ResponseWriter, r *http.Request, u auth.User, next string) error {
	token, err := s.App.AskCode(r.Context(), u.ID, safeNext(next))
	if err != nil {
		return err
	}
	s.SetCookie(w, challengeCookie, token, app.ChallengeTTL)
	http.Redirect(w, r, "/login/code", http.StatusSeeOther)
	return nil
}

func (s *Handler) codeForm(w http.ResponseWriter, r *http.Request) {
	s.Render(w, r, http.StatusOK, "login_code", loginPage{Page: s.Page(r, "totp.title")})
}

// checkCode finishes a waiting sign-in with the code of the user's app.
// A wrong code counts as a failed sign-in (the account lock covers both).
func (s *Handler) checkCode(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	page := loginPage{Page: s.Page(r, "totp.title")}
	c, err := r.Cookie(challengeCookie)
	if err != nil || c.Value == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	hash := auth.HashSecret(c.Value)
	userID, next, err := s.Store.Challenge(r.Context(), hash, s.Now())
	if fault.CodeOf(err) == fault.Unauthorized {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	u, err := s.Store.UserByID(r.Context(), userID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if until, err := s.Store.LockedUntil(r.Context(), u.ID, s.Now()); err != nil || !until.IsZero() {
		if err == nil {
			err = fault.New(fault.RateLimited, "err.login.locked", page.Time(until))
		}
		if !page.WithError(err) {
			s.ErrorPage(w, r, err)
			return
		}
		s.Render(w, r, http.StatusTooManyRequests, "login_code", page)
		return
	}
	ok, err := s.App.CheckCode(r.Context(), u.ID, r.PostForm.Get("code"), false, s.loginPolicy)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if !ok {
		page.WithError(fault.InvalidField("code", "err.totp.code"))
		s.Render(w, r, http.StatusOK, "login_code", page)
		return
	}
	if err := s.App.EndChallenge(r.Context(), c.Value); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.SetCookie(w, challengeCookie, "", -time.Second)
	s.signedIn(w, r, u, next)
}

type enrolPage struct {
	kit.Page
	Secret   string
	URI      string
	QR       template.URL // the otpauth address as a QR code, a data: URL of a PNG
	Required bool
}

// show puts the secret on the page three ways: in groups of four to type,
// as the otpauth address, and as its QR code to scan.
func (p *enrolPage) show(organisation, account, secret string) error {
	p.Secret, p.URI = groupsOf4(secret), auth.TOTPURI(organisation, account, secret)
	png, err := auth.TOTPQRCode(p.URI, 240)
	if err != nil {
		return err
	}
	// The PNG is klacht's own, base64: safe as an image's address.
	p.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	return nil
}

// enrolForm starts (or restarts) setting up the second factor: a new
// secret, shown as text and as an otpauth address.
func (s *Handler) enrolForm(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	page := enrolPage{Page: s.Page(r, "totp.enrol_title"), Required: s.NeedsEnrolment(u)}
	if u.TOTP {
		s.Render(w, r, http.StatusOK, "account_totp", page)
		return
	}
	secret, err := s.App.StartTOTP(r.Context(), u.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if err := page.show(s.Profile().Organisation, u.Email, secret); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "account_totp", page)
}

// enrol confirms the secret with the first code from the app.
func (s *Handler) enrol(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, _ := kit.UserOf(r)
	page := enrolPage{Page: s.Page(r, "totp.enrol_title"), Required: s.NeedsEnrolment(u)}
	st, err := s.Store.TOTP(r.Context(), u.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if st.Enabled || st.Secret == "" {
		http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
		return
	}
	ok, err := s.App.CheckCode(r.Context(), u.ID, r.PostForm.Get("code"), true, s.loginPolicy)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if !ok {
		if err := page.show(s.Profile().Organisation, u.Email, st.Secret); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		page.WithError(fault.InvalidField("code", "err.totp.code"))
		s.Render(w, r, http.StatusUnprocessableEntity, "account_totp", page)
		return
	}
	http.Redirect(w, r, "/complaints?notice=totp_enabled", http.StatusSeeOther)
}

// groupsOf4 writes a secret the way people copy it: ABCD EFGH …
func groupsOf4(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
