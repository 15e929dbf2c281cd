package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
)

// Staff sessions: a signed-in browser holds a random token; the database
// keeps its hash and when it expires.

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
	u, err := scanUser(s.byKey().queryRow(ctx, `SELECT `+userColumnsU+`
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
