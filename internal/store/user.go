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
	u, err := scanUser(s.byKey().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+cond, arg))
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

// PasswordLinkTTL is how long a set-password link stays valid.
const PasswordLinkTTL = 7 * 24 * time.Hour

// Link purposes.
const (
	LinkSetupAdmin  = "setup_admin"
	LinkSetPassword = "set_password"
	LinkUnlock      = "unlock" // signs in past the account-wide guard (e-mailed)
)

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

// ActiveUsers returns the users who may sign in, by name; with role set,
// only those of that role.
func (s *Store) ActiveUsers(ctx context.Context, role auth.Role) ([]auth.User, error) {
	q := `SELECT ` + userColumns + ` FROM users WHERE active = ?`
	args := []any{true}
	if role != "" {
		q += ` AND role = ?`
		args = append(args, string(role))
	}
	rows, err := s.reader().query(ctx, q+` ORDER BY name, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("active users: %w", err)
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("active users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
