package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
)

// One-time links: the first administrator's set-up, setting a password,
// unlocking an account. The database keeps the hash of the link's secret.

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
