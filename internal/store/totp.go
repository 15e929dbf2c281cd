package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/fault"
)

// TOTPState is a user's second factor as stored.
type TOTPState struct {
	Secret   string
	Enabled  bool
	LastStep int64
}

// TOTP returns a user's second factor.
func (s *Store) TOTP(ctx context.Context, userID int64) (TOTPState, error) {
	var st TOTPState
	if err := s.reader().queryRow(ctx, `SELECT totp_secret, totp_enabled, totp_last_step FROM users WHERE id = ?`, userID).
		Scan(&st.Secret, &st.Enabled, &st.LastStep); err != nil {
		return st, fmt.Errorf("second factor of user %d: %w", userID, err)
	}
	return st, nil
}

// StartTOTP stores a new, unconfirmed secret (enrolment starts over).
func (s *Store) StartTOTP(ctx context.Context, userID int64, secret string) error {
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(
			ctx,
			`UPDATE users SET totp_secret = ?, totp_last_step = 0 WHERE id = ? AND totp_enabled = ?`,
			secret,
			userID,
			false,
		)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fault.New(fault.Conflict, "err.totp.enabled")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("start second factor of user %d: %w", userID, err)
	}
	return nil
}

// UseTOTPStep records that a code of step was used, once: false when that
// step (or a later one) was used before, on any server. With enable, the
// second factor is confirmed too.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64, enable bool, now time.Time) (bool, error) {
	ok := false
	err := s.inTx(ctx, func(c conn) error {
		q := `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`
		args := []any{step, userID, step}
		if enable {
			q = `UPDATE users SET totp_last_step = ?, totp_enabled = ? WHERE id = ? AND totp_last_step < ?`
			args = []any{step, true, userID, step}
		}
		res, err := c.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		ok = rowsAffected(res) == 1
		if ok && enable {
			return appendAudit(ctx, c, audit.Entry{At: now, Action: "auth.totp_enabled", Object: audit.Object("user", userID)})
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("second factor of user %d: %w", userID, err)
	}
	return ok, nil
}

// ResetTOTP removes a user's second factor (a lost phone), audited.
func (s *Store) ResetTOTP(ctx context.Context, userID int64, now time.Time) error {
	err := s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE users SET totp_secret = '', totp_enabled = ?, totp_last_step = 0 WHERE id = ?`, false, userID); err != nil {
			return err
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "auth.totp_reset", Object: audit.Object("user", userID)})
	})
	if err != nil {
		return fmt.Errorf("reset second factor of user %d: %w", userID, err)
	}
	return nil
}

// CreateChallenge stores a sign-in that passed its password and waits for
// its code.
func (s *Store) CreateChallenge(
	ctx context.Context,
	tokenHash string,
	userID int64,
	next string,
	now, expires time.Time,
) error {
	err := s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM login_challenges WHERE expires_at <= ?`, now); err != nil {
			return err
		}
		_, err := c.exec(
			ctx,
			`INSERT INTO login_challenges (token_hash, user_id, next, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash,
			userID,
			next,
			expires,
		)
		return err
	})
	if err != nil {
		return fmt.Errorf("create sign-in challenge: %w", err)
	}
	return nil
}

// Challenge returns the user and the page after sign-in of a waiting
// sign-in; an unknown or expired one is Unauthorized.
func (s *Store) Challenge(ctx context.Context, tokenHash string, now time.Time) (int64, string, error) {
	var userID int64
	var next string
	err := s.reader().
		queryRow(ctx, `SELECT user_id, next FROM login_challenges WHERE token_hash = ? AND expires_at > ?`, tokenHash, now).
		Scan(&userID, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fault.New(fault.Unauthorized, "err.totp.expired")
	}
	if err != nil {
		return 0, "", fmt.Errorf("sign-in challenge: %w", err)
	}
	return userID, next, nil
}

// EndChallenge removes a waiting sign-in.
func (s *Store) EndChallenge(ctx context.Context, tokenHash string) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM login_challenges WHERE token_hash = ?`, tokenHash); err != nil {
			return fmt.Errorf("end sign-in challenge: %w", err)
		}
		return nil
	})
}

func rowsAffected(res sql.Result) int64 {
	n, _ := res.RowsAffected()
	return n
}
