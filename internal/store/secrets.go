package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/klacht/klacht/internal/auth"
)

// Server-wide secrets made once in the database and shared by every
// server of it.

// Secret returns a server-wide secret by name, making it on first use, so
// every server sharing the database signs and checks alike.
func (s *Store) Secret(ctx context.Context, name string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	key := "secret_" + name
	err := s.inTx(ctx, func(c conn) error {
		_, err := c.exec(
			ctx,
			`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
			key,
			hex.EncodeToString(b),
		)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("secret %s: %w", name, err)
	}
	var v string
	if err := (conn{q: s.w, dialect: s.dialect}).queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v); err != nil {
		return "", fmt.Errorf("secret %s: %w", name, err)
	}
	return v, nil
}

// LinkKey is the key signed links are made with (see auth.SignLink): 32
// random bytes made once and shared by every server of the database.
func (s *Store) LinkKey(ctx context.Context) ([]byte, error) {
	secret, _, err := auth.NewSecret("")
	if err != nil {
		return nil, err
	}
	if _, err := (conn{q: s.w, dialect: s.dialect}).exec(ctx, `INSERT INTO settings (key, value) VALUES ('link_key', ?) ON CONFLICT (key) DO NOTHING`, secret); err != nil {
		return nil, fmt.Errorf("link key: %w", err)
	}
	var key string
	if err := (conn{q: s.w, dialect: s.dialect}).queryRow(ctx, `SELECT value FROM settings WHERE key = 'link_key'`).Scan(&key); err != nil {
		return nil, fmt.Errorf("link key: %w", err)
	}
	return []byte(key), nil
}
