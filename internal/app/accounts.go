package app

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
)

// SessionTTL is how long a sign-in lasts: one working day.
const SessionTTL = 12 * time.Hour

// ChallengeTTL is how long a sign-in waits for the code of the user's
// authenticator app.
const ChallengeTTL = 5 * time.Minute

// StartSession signs the user in with a fresh session and returns its
// token. The session the browser came with (oldToken, if any) ends: a
// session id planted before sign-in is worth nothing after.
func (a *Service) StartSession(ctx context.Context, userID int64, oldToken string) (string, error) {
	if oldToken != "" {
		if err := a.store.DeleteSession(ctx, auth.HashSecret(oldToken)); err != nil {
			return "", err
		}
	}
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return "", err
	}
	now := a.Now()
	if err := a.store.CreateSession(ctx, hash, userID, now, now.Add(SessionTTL)); err != nil {
		return "", err
	}
	return token, nil
}

// EndSession signs out the session of token.
func (a *Service) EndSession(ctx context.Context, token string) error {
	return a.store.DeleteSession(ctx, auth.HashSecret(token))
}

// EndAllSessions signs the user out on every device.
func (a *Service) EndAllSessions(ctx context.Context, userID int64) error {
	_, err := a.store.DeleteUserSessions(ctx, userID, a.Now())
	return err
}

// SignInFailed counts a failed sign-in against the account; enough of them
// guard it (policy).
func (a *Service) SignInFailed(ctx context.Context, userID int64, policy store.LoginPolicy) error {
	_, err := a.store.LoginFailed(ctx, userID, policy, a.Now())
	return err
}

// SignedIn clears the account's failures and records the sign-in.
func (a *Service) SignedIn(ctx context.Context, userID int64) error {
	return a.store.LoginSucceeded(ctx, userID, a.Now())
}

// SendUnlockLink e-mails the owner of a guarded account a link that
// finishes the sign-in and then goes to next (a path of this site); one
// per quarter of an hour.
func (a *Service) SendUnlockLink(ctx context.Context, u auth.User, next string) error {
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return err
	}
	now := a.Now()
	lang := i18n.NL
	if l, ok := i18n.Parse(u.Lang); ok {
		lang = l
	}
	link := a.BaseURL() + "/login/unlock/" + token
	if next != "" && next != "/complaints" {
		link += "?" + url.Values{"next": {next}}.Encode()
	}
	m := store.StaffMail{Kind: "unlock_link", Lang: string(lang), To: u.Email,
		Subject: i18n.T(lang, "unlock.mail_subject"),
		Body:    i18n.T(lang, "unlock.mail_body", u.Name, link, int(store.UnlockLinkTTL.Minutes()))}
	slot := now.Truncate(15 * time.Minute).UTC().Format(time.RFC3339)
	_, err = a.store.QueueUnlockLink(ctx, u.ID, slot, hash, m, now)
	return err
}

// Unlock spends an e-mailed unlock link: the guard on the account is
// lifted and its (active) user returned, for the sign-in to go on.
func (a *Service) Unlock(ctx context.Context, token string) (auth.User, error) {
	uid, err := a.store.UnlockWithLink(ctx, auth.HashSecret(token), a.Now())
	if err != nil {
		return auth.User{}, err
	}
	return a.activeUser(ctx, uid)
}

// activeUser is the user of id, if the account is active; a link of a
// deactivated account is as good as none.
func (a *Service) activeUser(ctx context.Context, id int64) (auth.User, error) {
	u, err := a.store.UserByID(ctx, id)
	if err == nil && !u.Active {
		err = fault.New(fault.NotFound, "err.link")
	}
	return u, err
}

// CompleteSetup makes u the first administrator through the one-time
// link klacht serve printed.
func (a *Service) CompleteSetup(ctx context.Context, token string, u auth.User) (auth.User, error) {
	return a.store.CompleteSetup(ctx, auth.HashSecret(token), u, a.Now())
}

// SetPassword sets a user's password through a one-time link and returns
// the user, to be signed in.
func (a *Service) SetPassword(ctx context.Context, token, passwordHash string) (auth.User, error) {
	uid, err := a.store.SetPasswordWithLink(ctx, auth.HashSecret(token), passwordHash, a.Now())
	if err != nil {
		return auth.User{}, err
	}
	return a.store.UserByID(ctx, uid)
}

// AskCode keeps a sign-in waiting for the code of the user's app; next is
// where it goes after. The returned token names the wait.
func (a *Service) AskCode(ctx context.Context, userID int64, next string) (string, error) {
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return "", err
	}
	now := a.Now()
	if err := a.store.CreateChallenge(ctx, hash, userID, next, now, now.Add(ChallengeTTL)); err != nil {
		return "", err
	}
	return token, nil
}

// CheckCode checks a code of the user's authenticator app, each code
// once; with enable, the first right code switches the second factor on.
// A wrong code counts as a failed sign-in when signing in (policy).
func (a *Service) CheckCode(
	ctx context.Context,
	userID int64,
	code string,
	enable bool,
	policy store.LoginPolicy,
) (bool, error) {
	st, err := a.store.TOTP(ctx, userID)
	if err != nil {
		return false, err
	}
	now := a.Now()
	step, ok := auth.VerifyTOTP(st.Secret, code, now, st.LastStep)
	if ok {
		if ok, err = a.store.UseTOTPStep(ctx, userID, step, enable, now); err != nil {
			return false, err
		}
	}
	if !ok && !enable {
		if _, err := a.store.LoginFailed(ctx, userID, policy, now); err != nil {
			return false, err
		}
	}
	return ok, nil
}

// EndChallenge ends the wait for a code (token from AskCode).
func (a *Service) EndChallenge(ctx context.Context, token string) error {
	return a.store.EndChallenge(ctx, auth.HashSecret(token))
}

// StartTOTP gives the user a new secret for their authenticator app; it
// works once a first code from the app confirms it (CheckCode, enable).
func (a *Service) StartTOTP(ctx context.Context, userID int64) (string, error) {
	secret, err := auth.NewTOTPSecret()
	if err != nil {
		return "", err
	}
	return secret, a.store.StartTOTP(ctx, userID, secret)
}

// UserInput is a user as an administrator enters it.
type UserInput struct {
	Email      string `json:"email"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	Department string `json:"department"`
	Lang       string `json:"lang"`
	Active     *bool  `json:"active,omitempty"`
}

// CheckUser validates a user against the profile, naming each field at
// fault.
func (a *Service) CheckUser(in UserInput) (auth.User, error) {
	u, err := auth.NewUser(in.Email, in.Name, auth.Role(in.Role), strings.TrimSpace(in.Department), in.Lang)
	var errs fault.Validation
	if e, ok := fault.As(err); ok {
		for _, f := range e.Fields {
			errs.Add(f.Field, f.Key, f.Args...)
		}
	} else if err != nil {
		return u, err
	}
	if d := strings.TrimSpace(in.Department); d != "" && !a.Profile().HasDepartment(d) {
		errs.Add("department", "err.unknown_key", d)
	}
	if in.Active != nil {
		u.Active = *in.Active
	}
	return u, errs.Err()
}

// AddUser creates a user and returns the link through which they set a
// password.
func (a *Service) AddUser(ctx context.Context, in UserInput) (auth.User, string, error) {
	u, err := a.CheckUser(in)
	if err != nil {
		return u, "", err
	}
	u, token, err := a.store.CreateUserWithLink(ctx, u, a.Now(), store.PasswordLinkTTL)
	if err != nil {
		return u, "", err
	}
	return u, a.BaseURL() + "/password/" + token, nil
}

// UpdateUser changes user id as entered; the e-mail address, the sign-in
// name, stays.
func (a *Service) UpdateUser(ctx context.Context, id int64, in UserInput) (auth.User, error) {
	cur, err := a.store.UserByID(ctx, id)
	if err != nil {
		return cur, err
	}
	in.Email = cur.Email
	u, err := a.CheckUser(in)
	if err != nil {
		return u, err
	}
	u.ID = cur.ID
	return a.store.UpdateUser(ctx, u)
}

// PasswordLink issues a fresh set-password link, for a user who forgot
// their password or never used the first link.
func (a *Service) PasswordLink(ctx context.Context, userID int64) (string, error) {
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return "", err
	}
	now := a.Now()
	if err := a.store.CreateLink(ctx, hash, store.LinkSetPassword, userID, now, now.Add(store.PasswordLinkTTL)); err != nil {
		return "", err
	}
	return a.BaseURL() + "/password/" + token, nil
}

// SetLanguage remembers the language the user reads klacht in.
func (a *Service) SetLanguage(ctx context.Context, userID int64, lang i18n.Lang) error {
	return a.store.SetUserLang(ctx, userID, string(lang))
}

// SetDigest switches the user's daily digest of notifications on or off.
func (a *Service) SetDigest(ctx context.Context, userID int64, on bool) error {
	return a.store.SetUserDigest(ctx, userID, on)
}

// MarkNotificationsRead marks every notification of the user read.
func (a *Service) MarkNotificationsRead(ctx context.Context, userID int64) error {
	return a.store.MarkNotificationsRead(ctx, userID, a.Now())
}

// SSOUser is the user an identity provider signed in, made at their first
// sign-in, with the role the provider gives at every sign-in.
func (a *Service) SSOUser(ctx context.Context, email, name string, role auth.Role) (auth.User, error) {
	return a.store.SSOUser(ctx, email, name, role, a.Profile().DefaultLanguage, a.Now())
}

// Record writes e to the audit log, at the clock's time unless e has one:
// for what people read or try rather than change (a change is recorded by
// the use case that makes it).
func (a *Service) Record(ctx context.Context, e audit.Entry) error {
	if e.At.IsZero() {
		e.At = a.Now()
	}
	return a.store.Audit(ctx, e)
}
