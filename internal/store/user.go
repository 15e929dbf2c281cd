package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

const (
	userColumns  = `id, email, name, role, COALESCE(department, ''), lang, active, password_hash, created_at, digest, totp_enabled`
	userColumnsU = `u.id, u.email, u.name, u.role, COALESCE(u.department, ''), u.lang, u.active, u.password_hash, u.created_at, u.digest, u.totp_enabled`
)

// withFirst scans a row whose first column is read apart, before a
// scanner that knows the rest.
type withFirst struct {
	row   interface{ Scan(...any) error }
	first any
}

func (w withFirst) Scan(dst ...any) error { return w.row.Scan(append([]any{w.first}, dst...)...) }

func scanUser(row interface{ Scan(...any) error }) (auth.User, error) {
	var u auth.User
	var role string
	err := row.Scan(
		&u.ID,
		&u.Email,
		&u.Name,
		&role,
		&u.Department,
		&u.Lang,
		&u.Active,
		&u.PasswordHash,
		timeCol{&u.CreatedAt},
		&u.Digest,
		&u.TOTP,
	)
	u.Role = auth.Role(role)
	return u, err
}

// CreateUser stores a new user; an e-mail address already in use is a
// Conflict on field "email".
func (s *Store) CreateUser(ctx context.Context, u auth.User, now time.Time) (auth.User, error) {
	err := s.inTx(ctx, func(c conn) error {
		return createUser(ctx, c, &u, now)
	})
	return u, err
}

func createUser(ctx context.Context, c conn, u *auth.User, now time.Time) error {
	u.CreatedAt = now.UTC()
	var dept any
	if u.Department != "" {
		dept = u.Department
	}
	id, err := c.insertID(ctx, `INSERT INTO users (email, name, role, department, lang, active, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, u.Email, u.Name, string(u.Role), dept, u.Lang, u.Active, u.PasswordHash, u.CreatedAt)
	if isUniqueViolation(err) {
		return &fault.Error{
			Code:   fault.Conflict,
			Key:    "err.validation",
			Fields: []fault.FieldError{{Field: "email", Key: "err.email.taken"}},
		}
	}
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Email, err)
	}
	u.ID = id
	return appendAudit(
		ctx,
		c,
		audit.Entry{At: now, Action: "account.created", Object: audit.Object("user", id), Detail: string(u.Role)},
	)
}

// CountUsers returns how many users exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

func (s *Store) userWhere(ctx context.Context, what string, cond string, arg any) (auth.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fault.New(fault.NotFound, "err.user.not_found")
	}
	if err != nil {
		return u, fmt.Errorf("user %s: %w", what, err)
	}
	return u, nil
}

// UserByEmail finds a user by e-mail address (stored lower-case).
func (s *Store) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	return s.userWhere(ctx, email, "email = ?", email)
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id int64) (auth.User, error) {
	return s.userWhere(ctx, fmt.Sprint(id), "id = ?", id)
}

// ListUsers returns every user, by name.
func (s *Store) ListUsers(ctx context.Context) ([]auth.User, error) {
	rows, err := s.reader().query(ctx, `SELECT `+userColumns+` FROM users ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var users []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// SetUserDigest turns a user's daily e-mail digest on or off.
func (s *Store) SetUserDigest(ctx context.Context, id int64, on bool) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE users SET digest = ? WHERE id = ?`, on, id); err != nil {
			return fmt.Errorf("set digest of user %d: %w", id, err)
		}
		return nil
	})
}

// QueueDigest puts a user's digest for day in the outbox, once: a second
// server (or a second tick) finds the day taken and queues nothing.
func (s *Store) QueueDigest(
	ctx context.Context,
	userID int64,
	day string,
	m complaint.Outgoing,
	now time.Time,
) (bool, error) {
	queued := false
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(
			ctx,
			`INSERT INTO digests_sent (user_id, day) VALUES (?, ?) ON CONFLICT (user_id, day) DO NOTHING`,
			userID,
			day,
		)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		if _, err := c.exec(ctx, `INSERT INTO outbox (kind, channel, lang, recipient, subject, body, next_attempt_at, created_at)
			VALUES (?, 'email', ?, ?, ?, ?, ?, ?)`, m.Kind, m.Lang, m.To, m.Subject, m.Body, now, now); err != nil {
			return err
		}
		queued = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("queue digest for user %d: %w", userID, err)
	}
	return queued, nil
}

// SetUserLang remembers a user's language.
func (s *Store) SetUserLang(ctx context.Context, id int64, lang string) error {
	return s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE users SET lang = ? WHERE id = ?`, lang, id)
		if err != nil {
			return fmt.Errorf("set language of user %d: %w", id, err)
		}
		return nil
	})
}

// CreateSession stores a sign-in session under the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, now, expires time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, userID, now, expires)
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		// Sweep the user's expired sessions here, where they are cheap to
		// find, instead of in a job of their own.
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?`, userID, now); err != nil {
			return fmt.Errorf("sweep sessions: %w", err)
		}
		return nil
	})
}

// SessionUser returns the active user of an unexpired session.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (auth.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, `SELECT `+userColumnsU+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = ?`, tokenHash, now, true))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fault.New(fault.Unauthorized, "err.session")
	}
	if err != nil {
		return u, fmt.Errorf("session: %w", err)
	}
	return u, nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// CreateToken stores an API token for a user under its hash. role, when
// set, is the narrower role the token acts as (auth.Covers).
func (s *Store) CreateToken(
	ctx context.Context,
	userID int64,
	tokenHash, name string,
	role auth.Role,
	now, expires time.Time,
) error {
	return s.inTx(ctx, func(c conn) error {
		id, err := c.insertID(
			ctx,
			`INSERT INTO api_tokens (user_id, token_hash, name, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			userID,
			tokenHash,
			name,
			string(role),
			now,
			nullTime(expires),
		)
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "auth.token_created", Object: audit.Object("user", userID),
			Detail: fmt.Sprintf("token %d %q as %s", id, name, role)})
	})
}

// Token is an API token as its owner sees it (never the secret).
type Token struct {
	ID        int64
	Name      string
	Role      string
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt time.Time
}

// Tokens lists a user's API tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	out, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (Token, error) {
		var t Token
		return t, r.Scan(&t.ID, &t.Name, &t.Role, timeCol{&t.CreatedAt}, timeCol{&t.ExpiresAt}, timeCol{&t.RevokedAt})
	}, `SELECT id, name, role, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("tokens of user %d: %w", userID, err)
	}
	return out, nil
}

// RevokeToken ends a token at once; revoking twice is a conflict.
func (s *Store) RevokeToken(ctx context.Context, id int64, now time.Time) error {
	err := s.inTx(ctx, func(c conn) error {
		var userID int64
		if err := c.queryRow(ctx, `SELECT user_id FROM api_tokens WHERE id = ?`, id).Scan(&userID); errors.Is(
			err,
			sql.ErrNoRows,
		) {
			return fault.New(fault.NotFound, "err.token.not_found")
		} else if err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fault.New(fault.Conflict, "err.token.revoked")
		}
		return appendAudit(
			ctx,
			c,
			audit.Entry{
				At:     now,
				Action: "auth.token_revoked",
				Object: audit.Object("user", userID),
				Detail: fmt.Sprintf("token %d", id),
			},
		)
	})
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return nil
}

// TokenUser returns the active user of a valid API token.
func (s *Store) TokenUser(ctx context.Context, tokenHash string, now time.Time) (auth.User, error) {
	var role string
	u, err := scanUser(withFirst{s.reader().queryRow(ctx, `SELECT t.role, `+userColumnsU+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.active = ?`,
		tokenHash, now, true), &role})
	if errors.Is(err, sql.ErrNoRows) {
		return u, fault.New(fault.Unauthorized, "err.token")
	}
	if err != nil {
		return u, fmt.Errorf("token: %w", err)
	}
	if role != "" {
		// A token acts as its narrower role, and only while its user
		// still covers it (a user moved to another role loses it).
		if !auth.Covers(u.Role, auth.Role(role)) {
			return auth.User{}, fault.New(fault.Unauthorized, "err.token")
		}
		u.Role = auth.Role(role)
	}
	return u, nil
}

// PasswordLinkTTL is how long a set-password link stays valid.
const PasswordLinkTTL = 7 * 24 * time.Hour

// Link purposes.
const (
	LinkSetupAdmin  = "setup_admin"
	LinkSetPassword = "set_password"
	LinkUnlock      = "unlock" // signs in past the account-wide guard (e-mailed)
)

// CreateLink stores a one-time link's hash.
func (s *Store) CreateLink(ctx context.Context, tokenHash, purpose string, userID int64, now, expires time.Time) error {
	return s.inTx(ctx, func(c conn) error {
		_, err := c.exec(
			ctx,
			`INSERT INTO one_time_links (token_hash, purpose, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			tokenHash,
			purpose,
			nullID(userID),
			now,
			expires,
		)
		if err != nil {
			return fmt.Errorf("create link: %w", err)
		}
		return nil
	})
}

// Link is a valid one-time link.
type Link struct {
	Purpose string
	UserID  int64
}

// CheckLink returns the unused, unexpired link with this hash.
func (s *Store) CheckLink(ctx context.Context, tokenHash string, now time.Time) (Link, error) {
	return checkLink(ctx, s.reader(), tokenHash, now)
}

func checkLink(ctx context.Context, c conn, tokenHash string, now time.Time) (Link, error) {
	var l Link
	var uid sql.NullInt64
	err := c.queryRow(ctx, `SELECT purpose, user_id FROM one_time_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
		tokenHash, now).
		Scan(&l.Purpose, &uid)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fault.New(fault.NotFound, "err.link")
	}
	if err != nil {
		return l, fmt.Errorf("check link: %w", err)
	}
	l.UserID = uid.Int64
	return l, nil
}

func useLink(ctx context.Context, c conn, tokenHash, purpose string, now time.Time) (Link, error) {
	l, err := checkLink(ctx, c, tokenHash, now)
	if err != nil {
		return l, err
	}
	if l.Purpose != purpose {
		return l, fault.New(fault.NotFound, "err.link")
	}
	res, err := c.exec(
		ctx,
		`UPDATE one_time_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`,
		now,
		tokenHash,
	)
	if err != nil {
		return l, fmt.Errorf("use link: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return l, fault.New(fault.NotFound, "err.link")
	}
	return l, nil
}

// CompleteSetup uses a setup link to create the first administrator, in one
// transaction so a link can make one administrator only.
func (s *Store) CompleteSetup(ctx context.Context, tokenHash string, u auth.User, now time.Time) (auth.User, error) {
	err := s.inTx(ctx, func(c conn) error {
		if _, err := useLink(ctx, c, tokenHash, LinkSetupAdmin, now); err != nil {
			return err
		}
		return createUser(ctx, c, &u, now)
	})
	return u, err
}

// SetPasswordWithLink uses a set-password link to set its user's password
// and ends the user's sessions.
func (s *Store) SetPasswordWithLink(ctx context.Context, tokenHash, passwordHash string, now time.Time) (int64, error) {
	var uid int64
	err := s.inTx(ctx, func(c conn) error {
		l, err := useLink(ctx, c, tokenHash, LinkSetPassword, now)
		if err != nil {
			return err
		}
		uid = l.UserID
		if _, err := c.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, uid); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, uid); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "account.password_set", Object: audit.Object("user", uid)})
	})
	return uid, err
}

// UpdateUser replaces a user's name, role, department, language and
// active flag. It refuses to leave klacht without an active administrator,
// and ends the sessions of a user who is deactivated.
func (s *Store) UpdateUser(ctx context.Context, u auth.User) (auth.User, error) {
	err := s.inTx(ctx, func(c conn) error {
		var dept any
		if u.Department != "" {
			dept = u.Department
		}
		res, err := c.exec(ctx, `UPDATE users SET name = ?, role = ?, department = ?, lang = ?, active = ? WHERE id = ?`,
			u.Name, string(u.Role), dept, u.Lang, u.Active, u.ID)
		if err != nil {
			return fmt.Errorf("update user %d: %w", u.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "err.user.not_found")
		}
		var admins int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE role = ? AND active = ?`, string(auth.RoleAdmin), true).Scan(&admins); err != nil {
			return fmt.Errorf("count administrators: %w", err)
		}
		if admins == 0 {
			return fault.New(fault.Conflict, "err.user.last_admin")
		}
		if !u.Active {
			if _, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
		}
		return appendAudit(ctx, c, audit.Entry{At: time.Now(), Action: "account.updated", Object: audit.Object("user", u.ID),
			Detail: fmt.Sprintf("role %s, active %v", u.Role, u.Active)})
	})
	if err != nil {
		return u, err
	}
	return s.UserByID(ctx, u.ID)
}

// CreateUserWithLink stores a new user without a password and a one-time
// link, valid for ttl, through which they set one; it returns the link's
// secret. Both are written in one transaction, so a user never exists
// without a way in.
func (s *Store) CreateUserWithLink(
	ctx context.Context,
	u auth.User,
	now time.Time,
	ttl time.Duration,
) (auth.User, string, error) {
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return u, "", err
	}
	err = s.inTx(ctx, func(c conn) error {
		if err := createUser(ctx, c, &u, now); err != nil {
			return err
		}
		_, err := c.exec(
			ctx,
			`INSERT INTO one_time_links (token_hash, purpose, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hash,
			LinkSetPassword,
			u.ID,
			now,
			now.Add(ttl),
		)
		if err != nil {
			return fmt.Errorf("create link: %w", err)
		}
		return nil
	})
	return u, token, err
}

// SSOUser is the user an identity provider signed in: made at the first
// sign-in, with the role the provider gives at every sign-in. Both are
// recorded in the audit log.
func (s *Store) SSOUser(
	ctx context.Context,
	email, name string,
	role auth.Role,
	lang string,
	now time.Time,
) (auth.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var u auth.User
	err := s.inTx(ctx, func(c conn) error {
		var err error
		u, err = scanUser(c.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			nu, nerr := auth.NewUser(email, name, role, "", lang)
			if nerr != nil {
				return nerr
			}
			if err := createUser(ctx, c, &nu, now); err != nil {
				return err
			}
			u = nu
			return appendAudit(
				ctx,
				c,
				audit.Entry{At: now, Action: "auth.sso_user_created", Object: audit.Object("user", u.ID), Detail: string(role)},
			)
		case err != nil:
			return err
		case u.Role != role:
			if _, err := c.exec(ctx, `UPDATE users SET role = ? WHERE id = ?`, string(role), u.ID); err != nil {
				return err
			}
			entry := audit.Entry{
				At:     now,
				Action: "auth.sso_role_changed",
				Object: audit.Object("user", u.ID),
				Detail: string(u.Role) + " → " + string(role),
			}
			u.Role = role
			return appendAudit(ctx, c, entry)
		}
		return nil
	})
	if err != nil {
		return u, fmt.Errorf("single sign-on user %s: %w", email, err)
	}
	return u, nil
}
