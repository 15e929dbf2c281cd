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

// API tokens: a bearer token acts as its user; the database keeps its
// hash, its name and when it expires.

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
	u, err := scanUser(withFirst{s.byKey().queryRow(ctx, `SELECT t.role, `+userColumnsU+`
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
