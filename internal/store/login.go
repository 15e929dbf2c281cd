package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
)

// LoginPolicy is when failed sign-ins lock an account.
type LoginPolicy struct {
	MaxFailures int           // this many within Window lock the account
	Window      time.Duration // failures older than this are forgotten
	LockFor     time.Duration // how long the lock lasts
}

// DefaultLoginPolicy: twenty failures within a day guard the account for
// half an hour: the right password then signs in only through a link
// e-mailed to the account's address, so strangers guessing from many
// addresses cannot lock its owner out.
var DefaultLoginPolicy = LoginPolicy{MaxFailures: 20, Window: 24 * time.Hour, LockFor: 30 * time.Minute}

// LockedUntil is the end of an account's lock; zero when not locked at now.
func (s *Store) LockedUntil(ctx context.Context, userID int64, now time.Time) (time.Time, error) {
	var until time.Time
	if err := s.byKey().queryRow(ctx, `SELECT locked_until FROM users WHERE id = ?`, userID).Scan(timeCol{&until}); err != nil {
		return until, fmt.Errorf("lock of user %d: %w", userID, err)
	}
	if !until.After(now) {
		return time.Time{}, nil
	}
	return until, nil
}

// LoginFailed counts a failed sign-in of an account and locks it when the
// policy says so; both are recorded in the audit log. It returns the end
// of the lock when this failure locked the account.
func (s *Store) LoginFailed(ctx context.Context, userID int64, p LoginPolicy, now time.Time) (time.Time, error) {
	var lockedUntil time.Time
	err := s.inTx(ctx, func(c conn) error {
		var n int
		var since time.Time
		lock := c.dialect.forUpdate("")
		if err := c.queryRow(ctx, `SELECT failed_logins, failed_since FROM users WHERE id = ?`+lock, userID).Scan(&n, timeCol{&since}); err != nil {
			return err
		}
		if since.IsZero() || now.Sub(since) > p.Window {
			n, since = 0, now
		}
		n++
		entries := []audit.Entry{
			{
				At:     now,
				Action: "auth.login_failed",
				Object: audit.Object("user", userID),
				Detail: fmt.Sprintf("%d of %d", n, p.MaxFailures),
			},
		}
		var until any
		if n >= p.MaxFailures {
			lockedUntil = now.Add(p.LockFor)
			until = lockedUntil
			entries = append(entries, audit.Entry{At: now, Action: "auth.locked", Object: audit.Object("user", userID),
				Detail: "until " + lockedUntil.UTC().Format(time.RFC3339)})
			n, since = 0, time.Time{}
		}
		if _, err := c.exec(ctx, `UPDATE users SET failed_logins = ?, failed_since = ?, locked_until = COALESCE(?, locked_until) WHERE id = ?`,
			n, nullTime(since), until, userID); err != nil {
			return err
		}
		return appendAudit(ctx, c, entries...)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("record failed sign-in of user %d: %w", userID, err)
	}
	return lockedUntil, nil
}

// LoginSucceeded clears the account's failures and records the sign-in.
func (s *Store) LoginSucceeded(ctx context.Context, userID int64, now time.Time) error {
	err := s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE users SET failed_logins = 0, failed_since = NULL, locked_until = NULL WHERE id = ?`, userID); err != nil {
			return err
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "auth.login", Object: audit.Object("user", userID)})
	})
	if err != nil {
		return fmt.Errorf("record sign-in of user %d: %w", userID, err)
	}
	return nil
}

// UnlockLinkTTL is how long an e-mailed unlock link works.
const UnlockLinkTTL = 30 * time.Minute

// QueueUnlockLink stores an unlock link for a guarded account and queues
// the mail that carries it, in one transaction; at most one per account
// and slot (a quarter of an hour, say), so a guesser who finds the
// password cannot flood the owner's mailbox. false when this slot has
// had its link.
func (s *Store) QueueUnlockLink(
	ctx context.Context,
	userID int64,
	slot, tokenHash string,
	m StaffMail,
	now time.Time,
) (bool, error) {
	queued := false
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(
			ctx,
			`INSERT INTO scheduled_runs (job, period, ran_at) VALUES (?, ?, ?) ON CONFLICT (job, period) DO NOTHING`,
			"unlock_link",
			fmt.Sprintf("user %d %s", userID, slot),
			now.UTC(),
		)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		if _, err := c.exec(ctx, `INSERT INTO one_time_links (token_hash, purpose, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			tokenHash, LinkUnlock, userID, now, now.Add(UnlockLinkTTL)); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO outbox (kind, channel, lang, recipient, subject, body, next_attempt_at, created_at)
			VALUES (?, 'email', ?, ?, ?, ?, ?, ?)`, m.Kind, m.Lang, m.To, m.Subject, m.Body, now.UTC(), now.UTC()); err != nil {
			return err
		}
		queued = true
		return appendAudit(
			ctx,
			c,
			audit.Entry{At: now, Action: "auth.unlock_link_sent", Object: audit.Object("user", userID)},
		)
	})
	if err != nil {
		return false, fmt.Errorf("unlock link for user %d: %w", userID, err)
	}
	return queued, nil
}

// UnlockWithLink uses an e-mailed unlock link: the account's guard is
// lifted (audited) and its user returned, to finish signing in.
func (s *Store) UnlockWithLink(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var uid int64
	err := s.inTx(ctx, func(c conn) error {
		l, err := useLink(ctx, c, tokenHash, LinkUnlock, now)
		if err != nil {
			return err
		}
		uid = l.UserID
		if _, err := c.exec(ctx, `UPDATE users SET failed_logins = 0, failed_since = NULL, locked_until = NULL WHERE id = ?`, uid); err != nil {
			return err
		}
		return appendAudit(
			ctx,
			c,
			audit.Entry{At: now, Action: "auth.unlocked", Object: audit.Object("user", uid), Detail: "e-mailed link"},
		)
	})
	if err != nil {
		return 0, fmt.Errorf("unlock with link: %w", err)
	}
	return uid, nil
}

// Unlock lifts an account's lock (an administrator's act, audited).
func (s *Store) Unlock(ctx context.Context, userID int64, now time.Time) error {
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(
			ctx,
			`UPDATE users SET failed_logins = 0, failed_since = NULL, locked_until = NULL WHERE id = ?`,
			userID,
		)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return sql.ErrNoRows
		}
		return appendAudit(ctx, c, audit.Entry{At: now, Action: "auth.unlocked", Object: audit.Object("user", userID)})
	})
	if err != nil {
		return fmt.Errorf("unlock user %d: %w", userID, err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user: signing out
// everywhere, or after a password change.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64, now time.Time) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return appendAudit(
			ctx,
			c,
			audit.Entry{
				At:     now,
				Action: "auth.sessions_ended",
				Object: audit.Object("user", userID),
				Detail: fmt.Sprintf("%d sessions", n),
			},
		)
	})
	if err != nil {
		return 0, fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	return n, nil
}
